import { env } from 'cloudflare:test';
import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, json } from '../../helpers/http';
import { defaultRoleId } from '../../helpers/identity';
import { expectCode, RoleClient } from '../../helpers/role-client';

type Tenant = { appKey: string; secretKey: string };

const ORIGIN = 'https://edge-iam.test';
/** oauth4webapi speaks to the Worker under test through its real fetch handler. */
const viaWorker = (url: string, init?: RequestInit) => call(new URL(url).pathname + new URL(url).search, init);
const options = { [oauth.customFetch]: viaWorker as typeof fetch };

const asAdmin = (t: Tenant) => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

function api(t: Tenant, method: string, path: string, body?: unknown, headers: Record<string, string> = asAdmin(t)) {
  return call(`/t/${t.appKey}/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function created(res: Response) {
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status} ${await res.text()}`);
  return json(res);
}

async function sha256Hex(text: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The edge signs in with client_credentials (oauth4webapi), as a device would. */
async function signIn(t: Tenant, edgeId: string, secret: string, auth: 'basic' | 'post' = 'basic') {
  const issuer = new URL(`${ORIGIN}/t/${t.appKey}`);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oauth2' }));
  const clientAuth = auth === 'basic' ? oauth.ClientSecretBasic(secret) : oauth.ClientSecretPost(secret);
  const res = await oauth.clientCredentialsGrantRequest(as, { client_id: edgeId }, clientAuth, new URLSearchParams(), options);
  return oauth.processClientCredentialsResponse(as, { client_id: edgeId }, res);
}

/** A raw client_credentials request: its status tells whether the secret still works. */
const tokenStatus = async (t: Tenant, edgeId: string, secret: string) =>
  (
    await call(`/t/${t.appKey}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: edgeId, client_secret: secret }).toString(),
    })
  ).status;

async function newUser(t: Tenant, name: string, member: string) {
  const user = await created(await api(t, 'POST', '/users', { name, nickname: `${name} nick`, role_uuids: [member] }));
  const { token } = await created(await api(t, 'POST', `/users/${user.uuid}/api-tokens`, { name: 'k' }));
  return { uuid: user.uuid as string, token: token as string };
}

describe('Identity API: edges (tenant routes)', () => {
  let t: Tenant;
  let member: string;

  beforeAll(async () => {
    t = await createTenant('edges');
    member = await defaultRoleId(t, 'member');
  });

  it('Create Edge: no owner, the reference shape, the client secret once; a principal holding the member role', async () => {
    const edge = await created(await api(t, 'POST', '/edges', { name: 'edge-1', nickname: 'Edge One', description: 'first' }));
    expect(edge).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'edge-1',
      nickname: 'Edge One',
      description: 'first',
      owner: null,
      client_secret: expect.any(String),
      secrets: [{ id: expect.any(Number), name: 'default', last_used_at: null, created_at: edge.created_at }],
      created_at: expect.any(String),
      updated_at: edge.created_at,
    });
    // The principal: a Role API user with the edge's uuid, holding the tenant's `member` role in ALL.
    const role = await new RoleClient(t.appKey, t.secretKey).get(`/users/${edge.uuid}`);
    expect(expectCode(role, 0).user.roleRelations).toEqual([expect.objectContaining({ roleId: member, scopeId: 'ALL', roleApplyPolicyCode: 'ALLOW' })]);
    // The OAuth client: client_id = edge uuid, no client owner; the secret only as its digest.
    const client = await env.DB.prepare('SELECT owner_user_id, grant_types FROM oauth_clients WHERE tenant_id = ? AND client_id = ?').bind(t.appKey, edge.uuid).first();
    expect(client).toEqual({ owner_user_id: null, grant_types: '["client_credentials"]' });
    const stored = await env.DB.prepare('SELECT secret_hash FROM oauth_client_secrets WHERE tenant_id = ? AND client_id = ?').bind(t.appKey, edge.uuid).all();
    expect(stored.results).toEqual([{ secret_hash: await sha256Hex(edge.client_secret) }]);
  });

  it('the secret is never shown again: not in get, list, update or owner answers', async () => {
    const edge = await created(await api(t, 'POST', '/edges', { name: 'quiet' }));
    const answers = [
      await api(t, 'GET', `/edges/${edge.uuid}`),
      await api(t, 'GET', '/edges?name=quiet'),
      await api(t, 'PATCH', `/edges/${edge.uuid}`, { nickname: 'Q' }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(edge.client_secret);
      expect(text).not.toContain('client_secret');
    }
    const got = await json(await api(t, 'GET', `/edges/${edge.uuid}`));
    expect(got).toMatchObject({ uuid: edge.uuid, nickname: 'Q', secrets: [{ name: 'default' }] });
  });

  it('input limits: name 1..255 of [0-9a-zA-Z-_], nickname ≤ 511, description ≤ 65535; a name is unique (409)', async () => {
    for (const body of [
      {},
      { name: '' },
      { name: 'has space' },
      { name: 'ü' },
      { name: 'x'.repeat(256) },
      { name: 'ok', nickname: 'n'.repeat(512) },
      { name: 'ok', description: 'd'.repeat(65536) },
      { name: 7 },
    ]) {
      const res = await api(t, 'POST', '/edges', body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(Object.keys(await json(res)).sort()).toEqual(['title', 'type']);
    }
    await created(await api(t, 'POST', '/edges', { name: 'x'.repeat(255), nickname: 'n'.repeat(511), description: 'd'.repeat(65535) }));
    await created(await api(t, 'POST', '/edges', { name: 'Dup_1' }));
    const before = await env.DB.prepare('SELECT count(*) AS n FROM users WHERE tenant_id = ?').bind(t.appKey).first('n');
    const dup = await api(t, 'POST', '/edges', { name: 'Dup_1' });
    expect(dup.status).toBe(409);
    // Nothing half-written: no principal, client or edge for the refused create.
    expect(await env.DB.prepare('SELECT count(*) AS n FROM users WHERE tenant_id = ?').bind(t.appKey).first('n')).toBe(before);
    expect((await api(t, 'GET', '/edges/not-an-edge')).status).toBe(404);
  });

  it('Update Edge: name, nickname, description; renaming onto another edge is 409; unknown is 404', async () => {
    const a = await created(await api(t, 'POST', '/edges', { name: 'upd-a' }));
    await created(await api(t, 'POST', '/edges', { name: 'upd-b' }));
    const res = await api(t, 'PATCH', `/edges/${a.uuid}`, { name: 'upd-c', nickname: 'C', description: 'about c' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ uuid: a.uuid, name: 'upd-c', nickname: 'C', description: 'about c' });
    expect((await api(t, 'PATCH', `/edges/${a.uuid}`, { name: 'upd-b' })).status).toBe(409);
    expect((await api(t, 'PATCH', `/edges/${a.uuid}`, { name: 'bad name' })).status).toBe(400);
    expect((await api(t, 'PATCH', `/edges/${crypto.randomUUID()}`, { nickname: 'x' })).status).toBe(404);
    expect((await api(t, 'PATCH', `/edges/${a.uuid}`, { name: 'upd-c' })).status).toBe(200);
  });

  it('List Edges: filters uuid, name, nickname (partial), owner_uuid, has_owner; sort; paging headers', async () => {
    const lt = await createTenant('edges-list');
    const m = await defaultRoleId(lt, 'member');
    const owner = await newUser(lt, 'olivia', m);
    const names = ['delta', 'alpha', 'charlie', 'bravo', 'echo'];
    const made: Record<string, any> = {};
    for (const name of names) made[name] = await created(await api(lt, 'POST', '/edges', { name, nickname: `Nick ${name.toUpperCase()}` }));
    expect((await api(lt, 'PUT', `/edges/${made.bravo.uuid}/owner`, { user_uuid: owner.uuid })).status).toBe(200);
    expect((await api(lt, 'PUT', `/edges/${made.echo.uuid}/owner`, { user_uuid: owner.uuid })).status).toBe(200);
    const list = async (query: string) => {
      const res = await api(lt, 'GET', `/edges${query}`);
      expect(res.status).toBe(200);
      return { res, body: await json(res) };
    };
    const namesOf = (b: any) => b.items.map((e: any) => e.name);

    const all = await list('');
    expect(namesOf(all.body)).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    expect(all.body.page).toEqual({ total_count: 5, first: true, last: true, next: '', previous: '' });
    expect(all.res.headers.get('total-number')).toBe('5');
    expect(namesOf((await list('?sort=name-')).body)).toEqual(['echo', 'delta', 'charlie', 'bravo', 'alpha']);
    expect(namesOf((await list('?sort=created_at')).body)).toEqual(names);
    expect(namesOf((await list(`?uuid=${made.alpha.uuid}&uuid=${made.echo.uuid}`)).body)).toEqual(['alpha', 'echo']);
    expect(namesOf((await list('?name=LI')).body)).toEqual(['charlie']);
    expect(namesOf((await list('?name=lph&name=elt')).body)).toEqual(['alpha', 'delta']);
    expect(namesOf((await list('?nickname=nick%20c')).body)).toEqual(['charlie']);
    expect(namesOf((await list(`?owner_uuid=${owner.uuid}`)).body)).toEqual(['bravo', 'echo']);
    expect(namesOf((await list('?has_owner=true')).body)).toEqual(['bravo', 'echo']);
    expect(namesOf((await list('?has_owner=false')).body)).toEqual(['alpha', 'charlie', 'delta']);

    const page2 = await list('?per_page=2&page=2');
    expect(namesOf(page2.body)).toEqual(['charlie', 'delta']);
    // intdash's page object: first / last flags, next / previous as path and query ("" when none).
    const path = (page: number) => `/t/${lt.appKey}/v1/edges?per_page=2&page=${page}`;
    expect(page2.body.page).toEqual({ total_count: 5, first: false, last: false, next: path(3), previous: path(1) });
    expect(page2.res.headers.get('total-number')).toBe('5');
    const at = (page: number, rel: string) => `<https://edge-iam.test/t/${lt.appKey}/v1/edges?per_page=2&page=${page}>; rel="${rel}"`;
    expect(page2.res.headers.get('link')).toBe([at(1, 'first'), at(1, 'prev'), at(3, 'next'), at(3, 'last')].join(', '));
    expect((await list('?per_page=2&page=3')).body.page).toEqual({ total_count: 5, first: false, last: true, next: '', previous: path(2) });
    const beyond = await list('?per_page=2&page=9');
    expect(namesOf(beyond.body)).toEqual([]);
    expect(beyond.body.page).toEqual({ total_count: 5, first: false, last: true, next: '', previous: path(3) });
    // Other query parameters stay in the page paths.
    expect((await list('?name=a&per_page=1')).body.page.next).toBe(`/t/${lt.appKey}/v1/edges?name=a&per_page=1&page=2`);

    for (const bad of ['?per_page=201', '?per_page=0', '?page=0', '?sort=uuid', '?has_owner=yes']) {
      expect((await api(lt, 'GET', `/edges${bad}`)).status, bad).toBe(400);
    }
  });

  it("owner flows: assign (existing user only), User's Edges routes, unassign", async () => {
    const alice = await newUser(t, 'alice', member);
    const bob = await newUser(t, 'bob', member);
    const edge = await created(await api(t, 'POST', '/edges', { name: 'owned-1' }));
    expect((await api(t, 'PUT', `/edges/${edge.uuid}/owner`, { user_uuid: crypto.randomUUID() })).status).toBe(404);
    // An edge is not a user: it cannot own edges.
    expect((await api(t, 'PUT', `/edges/${edge.uuid}/owner`, { user_uuid: edge.uuid })).status).toBe(404);
    expect((await api(t, 'PUT', `/edges/${edge.uuid}/owner`, {})).status).toBe(400);
    expect((await api(t, 'PUT', `/edges/${crypto.randomUUID()}/owner`, { user_uuid: alice.uuid })).status).toBe(404);
    const assigned = await api(t, 'PUT', `/edges/${edge.uuid}/owner`, { user_uuid: alice.uuid });
    expect(assigned.status).toBe(200);
    expect(await json(assigned)).toEqual({ user_uuid: alice.uuid });
    expect((await json(await api(t, 'GET', `/edges/${edge.uuid}`))).owner).toEqual({ uuid: alice.uuid, name: 'alice', nickname: 'alice nick' });

    const second = await created(await api(t, 'POST', `/users/${alice.uuid}/edges`, { name: 'owned-2', nickname: 'Two' }));
    expect(second.owner).toEqual({ uuid: alice.uuid, name: 'alice', nickname: 'alice nick' });
    expect(second.client_secret).toBeTruthy();
    const listed = await api(t, 'GET', `/users/${alice.uuid}/edges`);
    expect(listed.headers.get('total-number')).toBe('2');
    expect((await json(listed)).items.map((e: any) => e.name)).toEqual(['owned-1', 'owned-2']);
    expect((await json(await api(t, 'GET', `/users/${bob.uuid}/edges`))).items).toEqual([]);
    expect((await api(t, 'GET', `/users/${crypto.randomUUID()}/edges`)).status).toBe(404);
    expect((await api(t, 'POST', `/users/${crypto.randomUUID()}/edges`, { name: 'orphan' })).status).toBe(404);

    expect((await json(await api(t, 'GET', `/users/${alice.uuid}/edges/${second.uuid}`))).uuid).toBe(second.uuid);
    expect((await api(t, 'GET', `/users/${bob.uuid}/edges/${second.uuid}`)).status).toBe(404);
    expect((await api(t, 'PATCH', `/users/${bob.uuid}/edges/${second.uuid}`, { nickname: 'stolen' })).status).toBe(404);
    expect((await api(t, 'DELETE', `/users/${bob.uuid}/edges/${second.uuid}`)).status).toBe(404);
    expect((await json(await api(t, 'PATCH', `/users/${alice.uuid}/edges/${second.uuid}`, { nickname: 'Deux' }))).nickname).toBe('Deux');
    expect((await api(t, 'DELETE', `/users/${alice.uuid}/edges/${second.uuid}`)).status).toBe(204);
    expect((await api(t, 'GET', `/edges/${second.uuid}`)).status).toBe(404);

    expect((await api(t, 'DELETE', `/edges/${edge.uuid}/owner`)).status).toBe(204);
    expect((await json(await api(t, 'GET', `/edges/${edge.uuid}`))).owner).toBeNull();
    expect((await json(await api(t, 'GET', `/users/${alice.uuid}/edges`))).items).toEqual([]);
  });

  it("Edge's secrets: created secrets are shown once and sign in (last_used_at says when); a deleted one stops at once", async () => {
    const edge = await created(await api(t, 'POST', '/edges', { name: 'secretive' }));
    const res = await api(t, 'POST', `/edges/${edge.uuid}/secrets`, { name: 'MySecret' });
    expect(res.status).toBe(201);
    const secret = await json(res);
    expect(secret).toEqual({ id: expect.any(Number), name: 'MySecret', secret: expect.any(String), last_used_at: null, created_at: expect.any(String) });
    const nameless = await created(await api(t, 'POST', `/edges/${edge.uuid}/secrets`, {}));
    expect(nameless.name).toBe('secret');
    // The body is optional: a bare POST creates a nameless secret too.
    const bare = await created(await call(`/t/${t.appKey}/v1/edges/${edge.uuid}/secrets`, { method: 'POST', headers: { 'x-secret-key': t.secretKey } }));
    expect(bare.name).toBe('secret');
    expect((await api(t, 'POST', `/edges/${edge.uuid}/secrets`, { name: 'n'.repeat(512) })).status).toBe(400);
    const got = await json(await api(t, 'GET', `/edges/${edge.uuid}`));
    expect(got.secrets.map((s: any) => s.name)).toEqual(['default', 'MySecret', 'secret', 'secret']);
    expect(JSON.stringify(got)).not.toContain(secret.secret);
    expect(got.secrets.map((s: any) => s.last_used_at)).toEqual([null, null, null, null]);
    const before = new Date().toISOString();
    expect(await tokenStatus(t, edge.uuid, secret.secret)).toBe(200);
    // last_used_at: the secret that signed in, and only that one, records when.
    const used = (await json(await api(t, 'GET', `/edges/${edge.uuid}`))).secrets;
    expect(used.map((s: any) => s.last_used_at !== null)).toEqual([false, true, false, false]);
    expect(used[1].last_used_at >= before).toBe(true);
    expect(await tokenStatus(t, edge.uuid, 'wrong-secret')).toBe(401);
    expect(await tokenStatus(t, edge.uuid, edge.client_secret)).toBe(200);
    expect((await json(await api(t, 'GET', `/edges/${edge.uuid}`))).secrets.map((s: any) => s.last_used_at !== null)).toEqual([true, true, false, false]);
    expect((await api(t, 'DELETE', `/edges/${edge.uuid}/secrets/${secret.id}`)).status).toBe(204);
    expect(await tokenStatus(t, edge.uuid, secret.secret)).toBe(401);
    expect(await tokenStatus(t, edge.uuid, edge.client_secret)).toBe(200);
    expect((await api(t, 'DELETE', `/edges/${edge.uuid}/secrets/${secret.id}`)).status).toBe(404);
    expect((await api(t, 'DELETE', `/edges/${edge.uuid}/secrets/abc`)).status).toBe(400);
    expect((await api(t, 'POST', `/edges/${crypto.randomUUID()}/secrets`, { name: 'x' })).status).toBe(404);
  });

  it('an edge signs in with client_credentials (basic and post) and is the caller of GET /v1/edges/me; 403 on /v1/users', async () => {
    const edge = await created(await api(t, 'POST', '/edges', { name: 'device-7', nickname: 'Device 7' }));
    const tokens = await signIn(t, edge.uuid, edge.client_secret);
    expect(tokens.refresh_token).toBeUndefined();
    const [, payload] = tokens.access_token.split('.');
    expect(JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')))).toMatchObject({ sub: edge.uuid, client_id: edge.uuid });
    const mine = await api(t, 'GET', '/edges/me', undefined, bearer(tokens.access_token));
    expect(mine.status).toBe(200);
    const body = await json(mine);
    expect(body).toMatchObject({ uuid: edge.uuid, name: 'device-7', nickname: 'Device 7', owner: null });
    expect(body).not.toHaveProperty('client_secret');
    expect((await api(t, 'GET', '/users', undefined, bearer(tokens.access_token))).status).toBe(403);
    expect((await api(t, 'GET', '/edges', undefined, bearer(tokens.access_token))).status).toBe(403);
    expect((await api(t, 'GET', `/edges/${edge.uuid}`, undefined, bearer(tokens.access_token))).status).toBe(403);
    // An edge owns no edges and cannot create any under /me.
    expect((await json(await api(t, 'GET', '/me/edges', undefined, bearer(tokens.access_token)))).items).toEqual([]);
    expect((await api(t, 'POST', '/me/edges', { name: 'child' }, bearer(tokens.access_token))).status).toBe(403);
    const viaPost = await signIn(t, edge.uuid, edge.client_secret, 'post');
    expect((await api(t, 'GET', '/edges/me', undefined, bearer(viaPost.access_token))).status).toBe(200);
    // A user is not an edge; the tenant's secret key is not a caller with a uuid.
    const user = await newUser(t, 'carol', member);
    expect((await api(t, 'GET', '/edges/me', undefined, bearer(user.token))).status).toBe(404);
    expect((await api(t, 'GET', '/edges/me')).status).toBe(403);
  });

  it('Delete Edge removes the principal (with histories), client, secrets; its secret and token stop working', async () => {
    const edge = await created(await api(t, 'POST', '/edges', { name: 'doomed' }));
    const extra = await created(await api(t, 'POST', `/edges/${edge.uuid}/secrets`, { name: 'extra' }));
    const tokens = await signIn(t, edge.uuid, edge.client_secret);
    expect((await api(t, 'DELETE', `/edges/${edge.uuid}`)).status).toBe(204);
    expect((await api(t, 'GET', `/edges/${edge.uuid}`)).status).toBe(404);
    expect((await api(t, 'DELETE', `/edges/${edge.uuid}`)).status).toBe(404);
    expect(await tokenStatus(t, edge.uuid, edge.client_secret)).toBe(401);
    expect(await tokenStatus(t, edge.uuid, extra.secret)).toBe(401);
    expect((await api(t, 'GET', '/edges/me', undefined, bearer(tokens.access_token))).status).toBe(401);
    const role = new RoleClient(t.appKey, t.secretKey);
    expectCode(await role.get(`/users/${edge.uuid}`), 14001);
    const history = expectCode(await role.get(`/users/${edge.uuid}/histories`, 'sort=seq,ASC&itemsPerPage=100'), 0) as any;
    expect(history.userHistory.map((h: any) => h.command)).toEqual(['USER_ADD', 'ADD', 'REMOVE', 'USER_REMOVE']);
    for (const table of ['oauth_clients', 'oauth_client_secrets']) {
      expect(await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ? AND client_id = ?`).bind(t.appKey, edge.uuid).first('n')).toBe(0);
    }
    // The name is free again.
    await created(await api(t, 'POST', '/edges', { name: 'doomed' }));
  });

  it("an edge's client is part of the edge: not listed as an OAuth2 client, not changed or deleted through /oauth2-clients", async () => {
    const edge = await created(await api(t, 'POST', '/edges', { name: 'kept-whole' }));
    const listed = await json(await api(t, 'GET', `/oauth2-clients?id=${edge.uuid}`));
    expect(listed.items).toEqual([]);
    expect((await api(t, 'PATCH', `/oauth2-clients/${edge.uuid}`, { name: 'renamed' })).status).toBe(409);
    expect((await api(t, 'DELETE', `/oauth2-clients/${edge.uuid}`)).status).toBe(409);
    expect(await tokenStatus(t, edge.uuid, edge.client_secret)).toBe(200);
    expect((await json(await api(t, 'GET', `/edges/${edge.uuid}`))).name).toBe('kept-whole');
  });

  it('deleting the owner leaves the edge without an owner', async () => {
    const owner = await newUser(t, 'short-lived-owner', member);
    const edge = await created(await api(t, 'POST', `/users/${owner.uuid}/edges`, { name: 'orphan-to-be' }));
    expect((await api(t, 'DELETE', `/users/${owner.uuid}`)).status).toBe(204);
    const after = await json(await api(t, 'GET', `/edges/${edge.uuid}`));
    expect(after.owner).toBeNull();
    const unowned = await json(await api(t, 'GET', `/edges?has_owner=false&uuid=${edge.uuid}`));
    expect(unowned.items.map((e: any) => e.uuid)).toEqual([edge.uuid]);
  });

  it("cross-tenant: another tenant's secret key, token or ids see nothing", async () => {
    const edge = await created(await api(t, 'POST', '/edges', { name: 'private-edge' }));
    const other = await createTenant('edges-other');
    // The other tenant's secret key on this tenant's routes.
    expect((await call(`/t/${t.appKey}/v1/edges`, { headers: asAdmin(other) })).status).toBe(401);
    expect((await call(`/t/${t.appKey}/v1/edges/${edge.uuid}`, { headers: asAdmin(other) })).status).toBe(401);
    // Its own routes do not know this tenant's edge.
    expect((await api(other, 'GET', `/edges/${edge.uuid}`)).status).toBe(404);
    expect((await json(await api(other, 'GET', `/edges?uuid=${edge.uuid}`))).items).toEqual([]);
    expect((await json(await api(other, 'GET', '/edges?name=private-edge'))).items).toEqual([]);
    expect((await api(other, 'PATCH', `/edges/${edge.uuid}`, { nickname: 'x' })).status).toBe(404);
    expect((await api(other, 'DELETE', `/edges/${edge.uuid}`)).status).toBe(404);
    expect((await api(other, 'POST', `/edges/${edge.uuid}/secrets`, { name: 'x' })).status).toBe(404);
    // The same name is free in another tenant.
    await created(await api(other, 'POST', '/edges', { name: 'private-edge' }));
    // The edge's credentials and token are worthless at the other tenant.
    expect(await tokenStatus(other, edge.uuid, edge.client_secret)).toBe(401);
    const tokens = await signIn(t, edge.uuid, edge.client_secret);
    expect((await api(other, 'GET', '/edges/me', undefined, bearer(tokens.access_token))).status).toBe(401);
    expect((await json(await api(t, 'GET', `/edges/${edge.uuid}`))).nickname).toBe('');
  });
});

describe('Identity API: my edges (a user token)', () => {
  let t: Tenant;
  let dana: { uuid: string; token: string };
  let erin: { uuid: string; token: string };
  const mine = (method: string, path: string, body?: unknown, who = dana) => api(t, method, path, body, bearer(who.token));

  beforeAll(async () => {
    t = await createTenant('my-edges');
    const member = await defaultRoleId(t, 'member');
    dana = await newUser(t, 'dana', member);
    erin = await newUser(t, 'erin', member);
  });

  it('List / Create / Get / Update / Delete My Edge: only the edges I own', async () => {
    const a = await created(await mine('POST', '/me/edges', { name: 'dana-1', nickname: 'D1' }));
    expect(a.owner).toEqual({ uuid: dana.uuid, name: 'dana', nickname: 'dana nick' });
    expect(a.client_secret).toBeTruthy();
    await created(await mine('POST', '/me/edges', { name: 'dana-2' }));
    const theirs = await created(await mine('POST', '/me/edges', { name: 'erin-1' }, erin));
    const unowned = await created(await api(t, 'POST', '/edges', { name: 'nobodys' }));

    const listed = await mine('GET', '/me/edges?sort=name-');
    expect(listed.status).toBe(200);
    expect(listed.headers.get('total-number')).toBe('2');
    const page = await json(listed);
    expect(page.items.map((e: any) => e.name)).toEqual(['dana-2', 'dana-1']);
    expect(JSON.stringify(page)).not.toContain(a.client_secret);

    expect((await json(await mine('GET', `/me/edges/${a.uuid}`))).uuid).toBe(a.uuid);
    for (const other of [theirs.uuid, unowned.uuid, crypto.randomUUID()]) {
      expect((await mine('GET', `/me/edges/${other}`)).status).toBe(404);
      expect((await mine('PATCH', `/me/edges/${other}`, { nickname: 'mine now' })).status).toBe(404);
      expect((await mine('DELETE', `/me/edges/${other}`)).status).toBe(404);
      expect((await mine('POST', `/me/edges/${other}/secrets`, { name: 's' })).status).toBe(404);
    }
    expect((await json(await mine('PATCH', `/me/edges/${a.uuid}`, { description: 'desc' }))).description).toBe('desc');
    expect((await mine('POST', '/me/edges', { name: 'erin-1' })).status).toBe(409);
    expect((await mine('POST', '/me/edges', { name: 'bad/name' })).status).toBe(400);
    // A member reaches its own edges, not the tenant's.
    expect((await mine('GET', '/edges')).status).toBe(403);
    expect((await mine('POST', '/edges', { name: 'sneaky' })).status).toBe(403);
    expect((await mine('GET', `/users/${dana.uuid}/edges`)).status).toBe(403);
    expect((await mine('DELETE', `/me/edges/${a.uuid}`)).status).toBe(204);
    expect((await mine('GET', `/me/edges/${a.uuid}`)).status).toBe(404);
    expect((await json(await mine('GET', '/me/edges'))).items.map((e: any) => e.name)).toEqual(['dana-2']);
    // The tenant's secret key is not a user: /me routes refuse it.
    expect((await api(t, 'GET', '/me/edges')).status).toBe(403);
  });

  it('Create My Edge with UUID: the uuid given (validated, lowercased); 409 when taken', async () => {
    const uuid = crypto.randomUUID();
    const res = await mine('PUT', `/me/edges/${uuid.toUpperCase()}`, { name: 'with-uuid', nickname: 'W' });
    expect(res.status).toBe(201);
    const edge = await json(res);
    expect(edge).toMatchObject({ uuid, name: 'with-uuid', owner: { uuid: dana.uuid } });
    expect(await tokenStatus(t, uuid, edge.client_secret)).toBe(200);
    expect((await mine('PUT', `/me/edges/${uuid}`, { name: 'with-uuid-2' })).status).toBe(409);
    // A uuid already used by another principal (a user) or client is taken too.
    expect((await mine('PUT', `/me/edges/${erin.uuid}`, { name: 'as-erin' })).status).toBe(409);
    const client = await created(await api(t, 'POST', '/oauth2-clients', { name: 'c', grant_type: 'client_credentials' }));
    expect((await mine('PUT', `/me/edges/${client.client_id}`, { name: 'as-client' })).status).toBe(409);
    for (const bad of ['not-a-uuid', '12345678-1234-1234-1234-1234567890', `${uuid}0`]) {
      expect((await mine('PUT', `/me/edges/${bad}`, { name: 'bad-uuid' })).status, bad).toBe(400);
    }
    expect((await mine('PUT', `/me/edges/${crypto.randomUUID()}`, {})).status).toBe(400);
  });

  it('Create / Delete My Edge Secret', async () => {
    const edge = await created(await mine('POST', '/me/edges', { name: 'dana-secrets' }));
    const secret = await created(await mine('POST', `/me/edges/${edge.uuid}/secrets`, { name: 'rotated' }));
    expect(secret).toMatchObject({ name: 'rotated', secret: expect.any(String) });
    expect(await tokenStatus(t, edge.uuid, secret.secret)).toBe(200);
    expect((await mine('DELETE', `/me/edges/${edge.uuid}/secrets/${secret.id}`, undefined, erin)).status).toBe(404);
    expect(await tokenStatus(t, edge.uuid, secret.secret)).toBe(200);
    expect((await mine('DELETE', `/me/edges/${edge.uuid}/secrets/${secret.id}`)).status).toBe(204);
    expect(await tokenStatus(t, edge.uuid, secret.secret)).toBe(401);
    // The edge signs in with its first secret and finds itself.
    const tokens = await signIn(t, edge.uuid, edge.client_secret);
    expect((await json(await api(t, 'GET', '/edges/me', undefined, bearer(tokens.access_token)))).owner).toEqual({ uuid: dana.uuid, name: 'dana', nickname: 'dana nick' });
  });

  it("another tenant's user token sees nothing here", async () => {
    const other = await createTenant('my-edges-other');
    const stranger = await newUser(other, 'stranger', await defaultRoleId(other, 'member'));
    expect((await api(t, 'GET', '/me/edges', undefined, bearer(stranger.token))).status).toBe(401);
    expect((await json(await api(other, 'GET', '/me/edges', undefined, bearer(stranger.token)))).items).toEqual([]);
  });
});
