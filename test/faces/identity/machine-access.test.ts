import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, json } from '../../helpers/http';
import { defaultRoleId } from '../../helpers/identity';

const ORIGIN = 'https://edge-iam.test';
const viaWorker = (url: string, init?: RequestInit) => call(new URL(url).pathname + new URL(url).search, init);
const options = { [oauth.customFetch]: viaWorker as typeof fetch };

type Tenant = { appKey: string; secretKey: string };

async function machineToken(t: Tenant, client: { client_id: string; client_secret: string }, scope?: string) {
  const issuer = new URL(`${ORIGIN}/t/${t.appKey}`);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oauth2' }));
  const params = new URLSearchParams(scope === undefined ? {} : { scope });
  const res = await oauth.clientCredentialsGrantRequest(as, { client_id: client.client_id }, oauth.ClientSecretBasic(client.client_secret), params, options);
  return (await oauth.processClientCredentialsResponse(as, { client_id: client.client_id }, res)).access_token;
}

async function newClient(t: Tenant, body: Record<string, unknown>) {
  return call(`/t/${t.appKey}/v1/oauth2-clients`, {
    method: 'POST',
    headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'machine', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_basic', ...body }),
  });
}

const as = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

describe('Identity API: machine-to-machine access (Logto conventions) and the endpoint permission check', () => {
  let t: Tenant;
  let manager: { client_id: string; client_secret: string };

  beforeAll(async () => {
    t = await createTenant('m2m');
    const res = await newClient(t, { scopes: ['all'] });
    expect(res.status).toBe(201);
    manager = await json(res);
    expect(manager).toMatchObject({ scopes: ['all'] });
  });

  it('a client with scope `all` drives user management: create, list with paging headers, update, delete', async () => {
    const h = as(await machineToken(t, manager, 'all'));
    for (const name of ['m2m-a', 'm2m-b', 'm2m-c']) {
      const created = await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: h, body: JSON.stringify({ name, role_uuids: [] }) });
      expect(created.status).toBe(201);
    }
    const page = await call(`/t/${t.appKey}/v1/users?page=2&page_size=1&sort=name+`, { headers: h });
    expect(page.status).toBe(200);
    expect(page.headers.get('total-number')).toBe('3');
    const link = page.headers.get('link')!;
    for (const rel of ['first', 'prev', 'next', 'last']) expect(link).toContain(`rel="${rel}"`);
    expect(link).toContain('page=3');
    const body = await json(page);
    expect(body.items.map((u: any) => u.name)).toEqual(['m2m-b']);
    const id = body.items[0].uuid;
    const patched = await call(`/t/${t.appKey}/v1/users/${id}`, { method: 'PATCH', headers: h, body: JSON.stringify({ nickname: 'Bee' }) });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect((await call(`/t/${t.appKey}/v1/users/${id}`, { method: 'DELETE', headers: h })).status).toBe(204);
    expect((await call(`/t/${t.appKey}/v1/users/${id}`, { headers: h })).status).toBe(404);
  });

  it('a client token without a permission allowing the endpoint is refused with 403; X-Secret-Key is not needed', async () => {
    const plain = await json(await newClient(t, {}));
    const selfOnly = await json(await newClient(t, { scopes: ['me'] }));
    for (const token of [await machineToken(t, plain), await machineToken(t, selfOnly, 'me')]) {
      const res = await call(`/t/${t.appKey}/v1/users`, { headers: as(token) });
      expect(res.status).toBe(403);
      expect(await json(res)).toMatchObject({ type: 'forbidden' });
    }
    // Asking for a scope the client was not registered for fails at the token endpoint already.
    await expect(machineToken(t, plain, 'all')).rejects.toThrow();
  });

  it('management writes answer X-Revision; a check sent with it as X-Min-Revision sees the write', async () => {
    const h = as(await machineToken(t, manager, 'all'));
    const scope = await call(`/t/${t.appKey}/v1/scopes`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'fresh-reports', allowed_endpoints: [{ method: 'GET', path: '/fresh/**' }] }) });
    expect(scope.status).toBe(201);
    const revision = Number(scope.headers.get('x-revision'));
    expect(revision).toBeGreaterThan(0);
    const check = await call(`/t/${t.appKey}/v1/authorization/http`, {
      method: 'POST',
      headers: { ...h, 'x-min-revision': String(revision) },
      body: JSON.stringify({ scopes: ['fresh-reports'], path: '/fresh/1', method: 'GET' }),
    });
    expect(await json(check)).toEqual({ result: true });
    // Reads produce no revision.
    expect((await call(`/t/${t.appKey}/v1/scopes`, { headers: h })).headers.get('x-revision')).toBeNull();
  });

  it('client scopes must name permissions of the tenant', async () => {
    const res = await newClient(t, { scopes: ['all', 'no-such-permission'] });
    expect(res.status).toBe(400);
    expect((await json(res)).title).toContain('no-such-permission');
  });

  it("an owned client's scopes only narrow its owner's permissions", async () => {
    const member = await defaultRoleId(t, 'member');
    const owner = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'owner', role_uuids: [member] }) }));
    const owned = await json(await newClient(t, { scopes: ['all', 'me'], user_uuid: owner.uuid }));
    const unnarrowed = as(await machineToken(t, owned));
    expect((await call(`/t/${t.appKey}/v1/me`, { headers: unnarrowed })).status).toBe(200);
    expect((await call(`/t/${t.appKey}/v1/users`, { headers: unnarrowed })).status).toBe(403);
    // `all` is not the owner's: a token narrowed to it reaches nothing.
    const narrowed = as(await machineToken(t, owned, 'all'));
    expect((await call(`/t/${t.appKey}/v1/users`, { headers: narrowed })).status).toBe(403);
    expect((await call(`/t/${t.appKey}/v1/me`, { headers: narrowed })).status).toBe(403);
  });

  it('J-7: a client token is never taken for a user whose id equals the client id; a deleted client\'s tokens stop working', async () => {
    const plain = await json(await newClient(t, {}));
    const token = await machineToken(t, plain);
    // Through the Role API anyone with the secret may create a user with any id, also a client's.
    const res = await call(`/role/v3.0/appkeys/${t.appKey}/users`, {
      method: 'POST',
      headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ users: [{ userId: plain.client_id, roleRelations: [{ roleId: await defaultRoleId(t, 'admin'), scopeId: 'ALL' }] }] }),
    });
    expect((await json(res)).header.resultCode).toBe(0);
    expect((await call(`/t/${t.appKey}/v1/users`, { headers: as(token) })).status).toBe(403);
    expect((await call(`/t/${t.appKey}/v1/oauth2-clients/${plain.client_id}`, { method: 'DELETE', headers: { 'x-secret-key': t.secretKey } })).status).toBe(204);
    expect((await call(`/t/${t.appKey}/v1/users`, { headers: as(token) })).status).toBe(401);
  });

  it("J-6: another tenant's machine token is worthless here, even with scope all", async () => {
    const other = await createTenant('m2m-other');
    const theirs = await json(await newClient(other, { scopes: ['all'] }));
    const res = await call(`/t/${t.appKey}/v1/users`, { headers: as(await machineToken(other, theirs, 'all')) });
    expect(res.status).toBe(401);
  });
});
