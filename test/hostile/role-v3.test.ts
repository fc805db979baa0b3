import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED, dbState, expectWellFormed, fillTemplate, mostlyValid, openApiRoutes, OVERSIZED_JSON, revisionOf, runFace, send, streamed, type ApiRoute, type RequestPlan } from '../helpers/hostile';
import { createTenant } from '../helpers/http';
import { expectCode, RoleClient } from '../helpers/role-client';

/** The Role API answers HTTP 200 on failure too: a refused request is `isSuccessful: false`. */
const refused = (_res: Response, body: unknown) => (body as { header?: { isSuccessful?: boolean } })?.header?.isSuccessful === false;

/**
 * Issue 6, hostile input — Role API v3 (`/role/v3.0/appkeys/{appKey}`): every route of the OpenAPI
 * document, with hostile path ids, queries (repeated, badly encoded), JSON bodies (wrong types, huge
 * and negative numbers, deep nesting, invalid UTF-8) and headers, mostly with the tenant's secret key,
 * against a tenant seeded so that writes get past "not found". Every answer is HTTP 200 with the NHN
 * envelope and never resultCode 500; a write answered `isSuccessful: false` leaves the tenant's rows
 * and revision as they were.
 */
describe('hostile input: Role API v3', () => {
  let api: RoleClient;
  let routes: ApiRoute[];
  let plan: RequestPlan;
  let ids: Record<string, string[]>;
  const state = async () => ({ db: await dbState([api.appKey]), revision: await revisionOf(api) });

  beforeAll(async () => {
    api = await RoleClient.forNewTenant();
    const other = await createTenant('hostile-role-other');
    for (const roleId of ['R', 'R2', 'R3']) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
    expectCode(await api.post('/roles/R/relations', { roleRelations: [{ relatedRoleId: 'R2' }] }), 0);
    expectCode(await api.post('/scopes', { scopeId: 'S' }), 0);
    for (const operationId of ['GET', 'PUT']) expectCode(await api.post('/operations', { operationId }), 0);
    expectCode(await api.post('/resources', { resourceId: 'res', uiPath: '/res', path: '/res/**', priority: 0 }), 0);
    expectCode(await api.post('/resources', { resourceId: 'res2', uiPath: '/res2', path: '/res2', priority: 1 }), 0);
    expectCode(await api.post('/resources/res/authorizations', { roleId: 'R2', operationId: 'GET' }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'a', attributeDataTypeCode: 'STRING', attributeRoleRelationIds: ['R'], attributeTagIds: ['t'] }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'n', attributeDataTypeCode: 'NUMERIC' }), 0);
    expectCode(
      await api.post('/users', {
        users: [
          { userId: 'u1', roleRelations: [{ roleId: 'R', scopeId: 'ALL' }] },
          { userId: 'u2', roleRelations: [{ roleId: 'R3', scopeId: 'S' }] },
        ],
      }),
      0,
    );
    ids = {
      appKey: [api.appKey],
      userId: ['u1', 'u2'],
      roleId: ['R', 'R2', 'R3'],
      scopeId: ['S', 'ALL'],
      resourceId: ['res', 'res2'],
      operationId: ['GET', 'PUT'],
      attributeId: ['a', 'n'],
    };
    const doc = await openApiRoutes(DOCUMENTED.role);
    routes = doc.routes;
    plan = {
      validIds: ids,
      mostlyValid: ['appKey'],
      ctx: { schemas: doc.schemas, strings: [...Object.values(ids).flat(), 't', 'STRING', 'NUMERIC', 'ALLOW', 'DENY', '/res/x', 'id.roleId,ASC'] },
      auth: () => mostlyValid([{ 'x-secret-key': api.secretKey }], [{ 'x-secret-key': other.secretKey }, { 'x-secret-key': `${api.secretKey} ` }]),
    };
  });

  it('covers every documented Role API route (read from /openapi.json, not a hand-made list)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(71);
    for (const template of ['/role/v3.0/appkeys/{appKey}/users/{userId}/authorizations/resources', '/role/v3.0/appkeys/{appKey}/config/cache-evict', '/role/v3.0/appkeys/{appKey}/attributes/condition/validate']) {
      expect(routes.some((r) => r.template === template), template).toBe(true);
    }
    expect(routes.filter((r) => r.body?.kind === 'json').length).toBeGreaterThan(40);
  });

  it('the state it compares sees an accepted write (so an unchanged state means something)', async () => {
    const before = await state();
    expectCode(await api.put('/users/u2', { user: { roleRelations: [{ roleId: 'R3', scopeId: 'S' }], description: 'seen' } }), 0);
    const after = await state();
    expect(after.db).not.toEqual(before.db);
    expect(after.revision).toBeGreaterThan(before.revision!);
  });

  it('H-1: a body over 1 MiB is refused (HTTP 200, resultCode 400) on every route that takes one, with or without Content-Length, and changes nothing', async () => {
    const before = await state();
    let n = 0;
    for (const route of routes.filter((r) => r.body !== null)) {
      for (const body of [OVERSIZED_JSON, streamed(OVERSIZED_JSON)]) {
        const { res, pathname } = await send({ method: route.method, path: fillTemplate(route.template, ids), headers: { 'x-secret-key': api.secretKey, 'content-type': 'application/json' }, body });
        const label = `${route.method} ${route.template} with ${typeof body === 'string' ? 'a' : 'a streamed'} body of ${OVERSIZED_JSON.length} bytes`;
        const envelope = (await expectWellFormed(res, pathname, label)) as { header: { resultCode: number } };
        expect(envelope.header.resultCode, label).toBe(400);
        n += 1;
      }
    }
    expect(n).toBeGreaterThan(80);
    expect(await state()).toEqual(before);
  });

  it('oversized and malformed headers never reach resultCode 500', async () => {
    const before = await state();
    for (const headers of [
      { 'x-secret-key': 'k'.repeat(128 * 1024) },
      { 'x-secret-key': api.secretKey, 'x-operator-uuid': 'o'.repeat(100 * 1024) },
      { 'x-secret-key': api.secretKey, 'x-pad': 'p'.repeat(120 * 1024) },
      { 'x-secret-key': api.secretKey, 'x-min-revision': '9'.repeat(10_000) },
      { 'x-secret-key': `${api.secretKey}\u00e9` },
    ] as Record<string, string>[]) {
      for (const [method, path, body] of [
        ['GET', '/users/u1', undefined],
        ['POST', '/users/u1/authorizations/roles', JSON.stringify({ roles: [{ roleId: 'R2' }] })],
        ['POST', '/scopes', JSON.stringify({ scopeId: 'S' })], // exists: refused
      ] as const) {
        let res: Response;
        try {
          ({ res } = await send({ method, path: `/role/v3.0/appkeys/${api.appKey}${path}`, headers: { 'content-type': 'application/json', ...headers }, body }));
        } catch (err) {
          // A header value the Fetch API itself refuses (not ISO-8859-1) never reaches the Worker.
          expect(String(err)).toMatch(/header/i);
          continue;
        }
        const envelope = (await expectWellFormed(res, `/role/v3.0/appkeys/${api.appKey}${path}`, `${method} ${path} ${Object.keys(headers)}`)) as { header: { isSuccessful: boolean } };
        if (method === 'POST' && path === '/scopes') expect(envelope.header.isSuccessful).toBe(false);
      }
    }
    expect(await state()).toEqual(before);
  });

  it('never answers HTTP ≠ 200 or resultCode 500, and a refused write changes nothing', async () => {
    const { tried, rejectedWrites, acceptedWrites, byRoute, faulted } = await runFace({
      face: 'role-v3',
      routes,
      plan,
      numRuns: 1200,
      seed: 6_007,
      rejected: refused,
      state,
    });
    expect(tried).toBe(1200);
    // Writes that got past validation met D1 failing midway, answered a server error and left nothing behind.
    expect(faulted).toBeGreaterThan(0);
    // The run compared the state around many refused writes, and got writes past validation too.
    expect(rejectedWrites).toBeGreaterThan(300);
    expect(acceptedWrites).toBeGreaterThan(10);
    expect(new Set(Object.keys(byRoute).map((k) => k.replace(/ \d+$/, ''))).size).toBeGreaterThan(routes.length * 0.9);
  }, 90_000);
});
