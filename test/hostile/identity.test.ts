import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { passwordToken } from '../helpers/apps';
import { DOCUMENTED, dbState, expectOversizedRejected, expectWellFormed, openApiRoutes, revisionOf, runFace, send, type ApiRoute, type RequestPlan } from '../helpers/hostile';
import { call, createTenant, json } from '../helpers/http';
import { defaultRoleId } from '../helpers/identity';
import { createUser, expectStatus, identity, roleWithEndpoints, type Tenant } from '../helpers/identity-client';

/**
 * Issue 6, hostile input — Identity API (`/t/{appKey}/v1`): every route of the OpenAPI document, with
 * hostile path ids, queries, bodies and headers, mostly with valid credentials. Every answer is below
 * 500 and every error is `{type, title}`; a write answered 4xx leaves the tenant's rows and revision as
 * they were (H-1, H-2, Z-10).
 */
describe('hostile input: Identity API', () => {
  let t: Tenant;
  let other: Tenant;
  let routes: ApiRoute[];
  let plan: RequestPlan;
  let userToken: string;
  let apiToken: string;

  beforeAll(async () => {
    t = await createTenant('hostile-identity');
    other = await createTenant('hostile-identity-other');
    const admin = await defaultRoleId(t, 'admin');
    const member = await defaultRoleId(t, 'member');
    const limited = await roleWithEndpoints(t, 'limited', { allowed: [{ method: 'GET', path: '/v1/users' }] });
    const client = await expectStatus(identity(t, 'POST', '/oauth2-clients', { name: 'pw', grant_type: 'password', token_endpoint_auth_method: 'none' }), 201);
    // Alice is the Bearer caller (never a path id, so the run cannot delete its own caller); Bob and Carol are targets.
    const alice = await createUser(t, 'alice', [admin], 'alice@example.com');
    const bob = await createUser(t, 'bob', [member], 'bob@example.com');
    const carol = await createUser(t, 'carol', [limited]);
    userToken = await passwordToken(t, client.client_id, 'alice', alice.password.temporary_password);
    const bobToken = await expectStatus(identity(t, 'POST', `/users/${bob.uuid}/api-tokens`, { name: 'bob-token' }), 201);
    apiToken = (await expectStatus(identity(t, 'POST', `/users/${alice.uuid}/api-tokens`, { name: 'alice-token' }), 201)).token;
    // Alice's own role `admin` and its permission `all` stay out of the path ids, so that the run keeps its caller's rights.
    const scopes = (await expectStatus<{ items: { uuid: string; name: string }[] }>(identity(t, 'GET', '/scopes?per_page=200'), 200)).items
      .filter((s) => s.name !== 'all')
      .map((s) => s.uuid);
    const edge = await expectStatus(identity(t, 'POST', '/edges', { name: 'edge-1' }), 201);
    const edgeSecret = await expectStatus(identity(t, 'POST', `/edges/${edge.uuid}/secrets`, { name: 's' }), 201);
    const bobEdge = await expectStatus(identity(t, 'POST', `/users/${bob.uuid}/edges`, { name: 'bob-edge' }), 201);
    const aliceEdge = await expectStatus(identity(t, 'POST', '/me/edges', { name: 'alice-edge' }, userToken), 201);
    const group = await expectStatus(identity(t, 'POST', '/groups', { name: 'g' }), 201);
    await expectStatus(identity(t, 'POST', `/groups/${group.uuid}/members`, { user_uuid: bob.uuid, role_uuids: [member] }), 201);
    const mine = await expectStatus(identity(t, 'POST', '/me/oauth2-clients', { name: 'mine', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }, userToken), 201);
    const mineSecret = await expectStatus(identity(t, 'POST', `/me/oauth2-clients/${mine.client_id}/secrets`, { name: 'second' }, userToken), 201);
    const ids = {
      appKey: [t.appKey],
      user_uuid: [bob.uuid, carol.uuid],
      role_uuid: [member, limited],
      scope_uuid: scopes,
      email_id: [String(bob.emails[0].id)],
      edge_uuid: [edge.uuid, bobEdge.uuid, aliceEdge.uuid],
      secret_id: [String(edgeSecret.id), String(mineSecret.id)],
      group_uuid: [group.uuid],
      client_id: [client.client_id, mine.client_id],
      id: [String(bobToken.id)],
    };
    const strings = Object.values(ids).flat();
    const doc = await openApiRoutes(DOCUMENTED.identity);
    routes = doc.routes;
    const schemas = doc.schemas;
    const bad = fc.constantFrom<Record<string, string>>(
      {},
      { 'x-secret-key': 'wrong' },
      { 'x-secret-key': other.secretKey },
      { 'x-secret-key': '' },
      { authorization: 'Bearer garbage.garbage.garbage' },
      { authorization: `Bearer ${'A'.repeat(100_000)}` },
      { authorization: 'Basic Og==' },
      { authorization: `Bearer ${userToken}x` },
      { authorization: `Bearer ${userToken}`, 'x-secret-key': 'wrong' },
    );
    const secret = fc.constant({ 'x-secret-key': t.secretKey });
    const bearer = fc.constantFrom({ authorization: `Bearer ${userToken}` }, { authorization: `bearer ${apiToken}` });
    plan = {
      validIds: ids,
      mostlyValid: ['appKey'],
      ctx: { schemas, strings },
      auth: (route) =>
        route.security.includes('SecretKey')
          ? fc.oneof({ weight: 14, arbitrary: secret }, { weight: 4, arbitrary: bearer }, { weight: 2, arbitrary: bad })
          : route.security.includes('BearerToken')
            ? fc.oneof({ weight: 17, arbitrary: bearer }, { weight: 3, arbitrary: bad })
            : fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: bad }),
    };
  });

  it('covers every documented Identity API route', () => {
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.some((r) => r.template === '/t/{appKey}/v1/users/{user_uuid}' && r.method === 'PATCH')).toBe(true);
  });

  it('H-1: a body over 1 MiB is 413 on every write route, with or without Content-Length', async () => {
    const bodyRoutes = routes.filter((r) => r.body);
    const n = await expectOversizedRejected(
      bodyRoutes,
      (r) => r.template.replace('{appKey}', t.appKey).replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
      (r): Record<string, string> => (r.security.includes('SecretKey') ? { 'x-secret-key': t.secretKey } : { authorization: `Bearer ${userToken}` }),
      413,
    );
    expect(n).toBeGreaterThan(40);
  });

  it('oversized headers never reach a 5xx', async () => {
    for (const headers of [
      { 'x-secret-key': 'k'.repeat(128 * 1024) },
      { authorization: `Bearer ${'e'.repeat(64 * 1024)}.${'e'.repeat(64 * 1024)}.x` },
      { 'x-secret-key': t.secretKey, 'x-operator-uuid': 'o'.repeat(100 * 1024) },
      { 'x-secret-key': t.secretKey, 'x-min-revision': '9'.repeat(10_000) },
    ] as Record<string, string>[]) {
      for (const [method, path, body] of [
        ['GET', `/t/${t.appKey}/v1/users`, undefined],
        ['POST', `/t/${t.appKey}/v1/users`, JSON.stringify({ name: 'huge-header', role_uuids: [] })],
        ['POST', `/t/${t.appKey}/v1/authorization/http`, JSON.stringify({ scopes: ['all'], path: '/v1/users', method: 'GET' })],
      ] as const) {
        const { res, pathname } = await send({ method, path, headers: { 'content-type': 'application/json', ...headers }, body });
        await expectWellFormed(res, pathname, `${method} ${path} ${Object.keys(headers)}`);
      }
    }
    // The user created with a 100 KiB X-Operator-Uuid is an ordinary user.
    const found = await json(await call(`/t/${t.appKey}/v1/users?name=huge-header`, { headers: { 'x-secret-key': t.secretKey } }));
    expect(found.items.length).toBe(1);
  });

  it("a substring filter longer than D1's 50-byte LIKE pattern limit still matches (was a 500)", async () => {
    const long = `${'long-name-'.repeat(6)}end`;
    await expectStatus(identity(t, 'POST', '/users', { name: long, role_uuids: [] }), 201);
    for (const [path, field] of [['/users', 'name'], ['/edges', 'name'], ['/oauth2-clients', 'name'], ['/roles', 'name'], ['/scopes', 'name']] as const) {
      const res = await identity(t, 'GET', `${path}?${field}=${encodeURIComponent(long.slice(3))}`);
      expect(res.status, path).toBe(200);
    }
    const found = await expectStatus<{ items: { name: string }[] }>(identity(t, 'GET', `/users?name=${encodeURIComponent(long.slice(3).toUpperCase())}`), 200);
    expect(found.items.map((u) => u.name)).toEqual([long]);
    const percent = await expectStatus<{ items: unknown[] }>(identity(t, 'GET', `/users?name=${encodeURIComponent(`${'%'.repeat(60)}`)}`), 200);
    expect(percent.items).toEqual([]); // `%` and `_` are literals, not wildcards
  });

  it('the state it compares sees an accepted write (so an unchanged state means something)', async () => {
    const before = { db: await dbState([t.appKey, other.appKey]), revision: await revisionOf(t) };
    await expectStatus(identity(t, 'PATCH', `/users/${plan.validIds.user_uuid![0]}`, { nickname: 'seen' }), 200);
    const after = { db: await dbState([t.appKey, other.appKey]), revision: await revisionOf(t) };
    expect(after.db).not.toEqual(before.db);
    expect(after.revision).toBeGreaterThan(before.revision!);
  });

  it('never answers 5xx, answers every error as {type, title}, and a rejected write changes nothing', async () => {
    const { tried, rejectedWrites, acceptedWrites, faulted } = await runFace({
      face: 'identity',
      routes,
      plan,
      numRuns: 800,
      seed: 6_001,
      // API-token and client-secret use times move on reads; they are not state a write could corrupt.
      // A wrong old_password on a password change counts against the account by design (lockout, as at sign-in).
      state: async () => ({
        db: await dbState([t.appKey, other.appKey], ['*.last_used_at', 'tenants.updated_at', 'identity_accounts.attempt_count', 'identity_accounts.last_attempt_at']),
        revision: await revisionOf(t),
      }),
    });
    expect(tried).toBe(800);
    // Writes that got past validation met D1 failing midway, answered a server error and left nothing behind.
    expect(faulted).toBeGreaterThan(0);
    expect(rejectedWrites).toBeGreaterThan(200);
    expect(acceptedWrites).toBeGreaterThan(5);
  }, 60_000);
});
