import { describe, expect, it } from 'vitest';
import { createUser, expectStatus, identity } from '../helpers/identity-client';
import { expectCode, RoleClient, type RoleResponse } from '../helpers/role-client';

const N = 6;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Runs `steps` one after another (a lane); lanes run side by side. Returns each step's response. */
async function lane<T>(steps: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  for (const step of steps) out.push(await step());
  return out;
}

describe('Z-9 / CF4: parallel writes on one tenant', () => {
  it(`seven lanes of ${N} writes (users, role relations, grants, config twice, evicts, group members) lose nothing; every write has its own revision, increasing along each lane`, async () => {
    const api = await RoleClient.forNewTenant();
    const t = { appKey: api.appKey, secretKey: api.secretKey };
    const roles = ['R', 'HUB', ...range(N).flatMap((i) => [`L${i}`, `G${i}`])];
    expectCode(await api.post('/roles', { role: { roleId: roles[0], exposureOrder: 0 } }), 0);
    for (const roleId of roles.slice(1)) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
    expectCode(await api.post('/operations', { operationId: 'GET' }), 0);
    expectCode(await api.post('/resources', { resourceId: 'doc', uiPath: '/doc', path: '/doc', priority: 0 }), 0);
    const group = await expectStatus(identity(t, 'POST', '/groups', { name: 'crowd' }), 201);
    const members: { uuid: string }[] = [];
    for (const i of range(N)) members.push(await createUser(t, `member-${i}`, []));
    const start = (await api.post('/scopes', { scopeId: 'start' })).revision!;

    const role = (res: Promise<RoleResponse>) => res.then((r) => (expectCode(r, 0), r.revision!));
    const lanes = await Promise.all([
      lane(range(N).map((i) => () => role(api.post('/users', { users: [{ userId: `u${i}`, roleRelations: [{ roleId: 'HUB', scopeId: 'ALL' }] }] })))),
      lane(range(N).map((i) => () => role(api.post('/roles/HUB/relations', { roleRelations: [{ relatedRoleId: `L${i}` }] })))),
      lane(range(N).map((i) => () => role(api.post('/resources/doc/authorizations', { roleId: `G${i}`, operationId: 'GET' })))),
      lane(range(N).map((i) => () => role(api.put('/config', i % 2 ? { cacheTtl: 100 + i } : { cacheSize: 200 + i })))),
      lane(range(N).map((i) => () => role(api.put('/config', i % 2 ? { cacheSizeByPath: 300 + i } : { cacheSizeTree: 400 + i })))),
      lane(range(N).map(() => () => role(api.put('/config/cache-evict')))),
      lane(range(N).map((i) => () => expectStatus(identity(t, 'POST', `/groups/${group.uuid}/members`, { user_uuid: members[i]!.uuid, role_uuids: [] }), 201).then(() => null))),
    ]);

    const revisions = lanes.slice(0, 6).flat() as number[];
    expect(new Set(revisions).size).toBe(revisions.length);
    for (const l of lanes.slice(0, 6) as number[][]) for (let i = 1; i < l.length; i++) expect(l[i]).toBeGreaterThan(l[i - 1]!);
    expect(Math.min(...revisions)).toBeGreaterThan(start);
    // Each of the 7 × N writes bumped exactly once: the next write is the very next revision.
    const end = (await api.post('/scopes', { scopeId: 'end' })).revision!;
    expect(end).toBe(start + 7 * N + 1);

    // Nothing lost.
    for (const i of range(N)) expect(expectCode(await api.get(`/users/u${i}`), 0).user.roleRelations.map((r: { roleId: string }) => r.roleId)).toEqual(['HUB']);
    const held = expectCode(await api.post('/users/u0/authorizations/roles', { roles: range(N).map((i) => ({ roleId: `L${i}` })) }), 0).authorizations.map((a: { permission: boolean }) => a.permission);
    expect(held).toEqual(range(N).map(() => true));
    const granted = await Promise.all(
      range(N).map(async (i) => {
        expectCode(await api.post('/users', { users: [{ userId: `g${i}`, roleRelations: [{ roleId: `G${i}`, scopeId: 'ALL' }] }] }), 0);
        return expectCode(await api.post(`/users/g${i}/authorizations/resources`, { resources: [{ operationId: 'GET', resourceId: 'doc' }] }), 0).authorizations[0].permission;
      }),
    );
    expect(granted).toEqual(range(N).map(() => true));
    expect(expectCode(await api.get('/config'), 0)).toMatchObject({ cacheTtl: 100 + N - 1, cacheSize: 200 + N - 2, cacheSizeByPath: 300 + N - 1, cacheSizeTree: 400 + N - 2 });
    const listed = await expectStatus(identity(t, 'GET', `/groups/${group.uuid}/members?per_page=200`), 200);
    expect(listed.items.map((m: { uuid?: string; user_uuid?: string }) => m.uuid ?? m.user_uuid).sort()).toEqual(members.map((m) => m.uuid).sort());
  });

  it('Z-9: 30 writes fired at once on one tenant get 30 distinct revisions, and all 30 users exist', async () => {
    const api = await RoleClient.forNewTenant();
    expectCode(await api.post('/roles', { role: { roleId: 'A', exposureOrder: 0 } }), 0);
    const start = (await api.post('/scopes', { scopeId: 'start' })).revision!;
    const results = await Promise.all(range(30).map((i) => api.post('/users', { users: [{ userId: `burst${i}`, roleRelations: [{ roleId: 'A', scopeId: 'ALL' }] }] })));
    const revisions = results.map((r) => (expectCode(r, 0), r.revision!)).sort((a, b) => a - b);
    expect(revisions).toEqual(range(30).map((i) => start + 1 + i));
    const found = expectCode(await api.post('/users/search', {}, 'itemsPerPage=100'), 0) as unknown as { users: { userId: string }[] };
    expect(found.users.map((u) => u.userId).filter((id) => id.startsWith('burst')).sort()).toEqual(range(30).map((i) => `burst${i}`).sort());
  });
});
