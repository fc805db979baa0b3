import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

const res = (resourceId: string, uiPath: string, path: string, priority = 0) => ({ resourceId, uiPath, path, priority });
const ids = (body: Record<string, any>): string[] => body.resources.map((r: { resourceId: string }) => r.resourceId);

describe('Role API v3 resource listings: paging, sorting, id lists', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    // 12 resources; uiPath order is the reverse of id order.
    for (let i = 0; i < 12; i++) {
      const n = String(i).padStart(2, '0');
      expectCode(await api.post('/resources', res(`r${n}`, `/${String.fromCharCode(90 - i)}`, `/p/${n}`, i % 3)), 0);
    }
  });

  it('L1/L2: search defaults to page 1 of 10 ordered by uiPath ASC; totalItems counts all', async () => {
    const first = expectCode(await api.post('/resources/search', {}), 0);
    expect(first.totalItems).toBe(12);
    expect(ids(first)).toEqual(['r11', 'r10', 'r09', 'r08', 'r07', 'r06', 'r05', 'r04', 'r03', 'r02']);
    expect(ids(expectCode(await api.post('/resources/search', {}, 'page=2'), 0))).toEqual(['r01', 'r00']);
    const past = expectCode(await api.post('/resources/search', {}, 'page=3'), 0);
    expect(past).toMatchObject({ totalItems: 12, resources: [] });
  });

  it('L2/L3: repeated sort keys, priority then id tie-breaker; unknown sort fields and bad paging are 400', async () => {
    const sorted = expectCode(await api.post('/resources/search', {}, 'sort=priority,DESC&sort=path,ASC&itemsPerPage=5'), 0);
    expect(ids(sorted)).toEqual(['r02', 'r05', 'r08', 'r11', 'r01']);
    expect(ids(expectCode(await api.post('/resources/search', {}, 'sort=priority&itemsPerPage=4'), 0))).toEqual(['r00', 'r03', 'r06', 'r09']);
    expectCode(await api.post('/resources/search', {}, 'sort=nope'), 400);
    expectCode(await api.post('/resources/search', {}, 'itemsPerPage=0'), 400);
    expectCode(await api.post('/resources/search', {}, 'page=0'), 400);
    expectCode(await api.post('/resources/search', {}, 'itemsPerPage=1001'), 400);
  });

  it('POST /resources/id: defaults id.resourceId ASC, 10 per page; resourceIdPreLike is a case-sensitive literal prefix', async () => {
    const all = expectCode(await api.post('/resources/id', {}), 0);
    expect(all).toMatchObject({ totalItems: 12, resourceIds: ['r00', 'r01', 'r02', 'r03', 'r04', 'r05', 'r06', 'r07', 'r08', 'r09'] });
    expect(expectCode(await api.post('/resources/id', { resourceIdPreLike: 'r1' }), 0).resourceIds).toEqual(['r10', 'r11']);
    expect(expectCode(await api.post('/resources/id', { resourceIdPreLike: 'R1' }), 0).totalItems).toBe(0);
    expect(expectCode(await api.post('/resources/id', { resourceIdPreLike: 'r%' }), 0).totalItems).toBe(0);
    expect(expectCode(await api.post('/resources/id', {}, 'sort=id.resourceId,DESC&itemsPerPage=2'), 0).resourceIds).toEqual(['r11', 'r10']);
  });

  it('L4: filters combine with AND, list values with OR; empty filters mean no filter', async () => {
    const s = async (body: object) => ids(expectCode(await api.post('/resources/search', body, 'sort=resourceId'), 0));
    expect(await s({ resourceIds: ['r01', 'r02', 'r03'], resourcePaths: ['/p/02', '/p/03', '/p/04'] })).toEqual(['r02', 'r03']);
    expect(await s({ resourceIds: [], resourcePathLike: '', resourceUiPath: '' })).toHaveLength(10);
    expect(await s({ resourcePathLike: '/p/1' })).toEqual(['r10', 'r11']);
    expect(await s({ resourceUiPath: '/Z', resourceIds: ['r01'] })).toEqual([]);
    expectCode(await api.post('/resources/search', { resourceIds: 'r01' }), 400);
  });
});

describe('Role API v3 resource access filters (H4) across listings', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    for (const roleId of ['TOP', 'MID', 'LEAF', 'NOPE']) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
    expectCode(await api.post('/roles/TOP/relations', { roleRelations: [{ relatedRoleId: 'MID' }] }), 0);
    expectCode(await api.post('/roles/MID/relations', { roleRelations: [{ relatedRoleId: 'LEAF' }] }), 0);
    for (const op of ['read', 'write']) expectCode(await api.post('/operations', { operationId: op }), 0);
    expectCode(await api.post('/scopes', { scopeId: 'S1' }), 0);
    expectCode(await api.post('/scopes', { scopeId: 'S2' }), 0);
    for (const [id, ui] of [
      ['top', '/T'],
      ['mid', '/T/M'],
      ['leaf', '/T/M/L'],
      ['free', '/F'],
    ]) {
      expectCode(await api.post('/resources', res(id!, ui!, `/${id}`)), 0);
    }
    expectCode(await api.post('/resources/top/authorizations', { roleId: 'TOP', operationId: 'write' }), 0);
    expectCode(await api.post('/resources/mid/authorizations', { roleId: 'MID', operationId: 'read' }), 0);
    expectCode(await api.post('/resources/leaf/authorizations', { roleId: 'LEAF', operationId: 'read' }), 0);
    expectCode(
      await api.post('/users', {
        users: [
          { userId: 'u.all', roleRelations: [{ roleId: 'MID', scopeId: 'ALL' }] },
          { userId: 'u.s1', roleRelations: [{ roleId: 'TOP', scopeId: 'S1' }] },
        ],
      }),
      0,
    );
  });

  it('H4: DIRECT_ROLE (default) takes the ids as given; INDIRECT_ROLE adds roles reachable through ALLOW relations', async () => {
    const s = async (body: object) => ids(expectCode(await api.post('/resources/search', body), 0));
    expect(await s({ roleIds: ['MID'] })).toEqual(['mid']);
    expect(await s({ roleIds: ['MID'], searchRoleOptionCode: 'DIRECT_ROLE' })).toEqual(['mid']);
    expect(await s({ roleIds: ['MID'], searchRoleOptionCode: 'INDIRECT_ROLE' })).toEqual(['mid', 'leaf']);
    expect(await s({ roleIds: ['TOP'], searchRoleOptionCode: 'INDIRECT_ROLE', operationIds: ['read'] })).toEqual(['mid', 'leaf']);
    expect(await s({ roleIds: ['NOPE'] })).toEqual([]);
    expectCode(await api.post('/resources/search', { searchRoleOptionCode: 'SOMETIMES' }), 400);
  });

  it('H4: users hold their roles per scope; ALL relations count in every scope; several users or scopes combine with OR', async () => {
    const s = async (body: object) => ids(expectCode(await api.post('/resources/search', body), 0));
    expect(await s({ userIds: ['u.all'] })).toEqual(['mid', 'leaf']);
    expect(await s({ userIds: ['u.all'], scopeIds: ['S2'] })).toEqual(['mid', 'leaf']);
    expect(await s({ userIds: ['u.s1'] })).toEqual([]);
    expect(await s({ userIds: ['u.s1'], scopeIds: ['S1'] })).toEqual(['top', 'mid', 'leaf']);
    expect(await s({ userIds: ['u.s1'], scopeIds: ['S2', 'S1'], operationIds: ['write'] })).toEqual(['top']);
    expect(await s({ userIds: ['u.s1', 'u.all'], roleIds: ['LEAF'] })).toEqual(['leaf']);
    expect(await s({ userIds: ['ghost'] })).toEqual([]);
    // POST /resources/id and GET /resources apply the same filter.
    expect(expectCode(await api.post('/resources/id', { userIds: ['u.all'], operationIds: ['read'] }), 0).resourceIds).toEqual(['leaf', 'mid']);
    expect(ids(expectCode(await api.get('/resources', 'userId=u.s1&scopeId=S1&operationId=read'), 0))).toEqual(['mid', 'leaf']);
  });

  it('H2: sub-resources apply the access filter with userId, roleId, operationId and scopeId', async () => {
    const sub = async (q: string) => expectCode(await api.get('/resources/top/sub-resources', q), 0);
    expect(await sub('userId=u.s1&scopeId=S1')).toMatchObject({ totalItemCount: 2 });
    expect(ids(await sub('userId=u.s1'))).toEqual([]);
    expect(ids(await sub('roleId=LEAF'))).toEqual(['leaf']);
    expect(ids(await sub('operationId=read&depth=1'))).toEqual(['mid']);
    expect(await sub('operationId=write')).toEqual(expect.objectContaining({ totalItemCount: 0, resources: [] }));
  });

  it('H3: hierarchy with a user filter keeps the ancestors of kept nodes and drops the rest', async () => {
    const trees = expectCode(await api.post('/resources/hierarchy/search', { userIds: ['u.all'], operationIds: ['read'] }), 0).resources;
    expect(trees).toEqual([
      {
        resourceId: 'top',
        name: 'T',
        path: '/top',
        uiPath: '/T',
        description: null,
        priority: 0,
        metadata: null,
        resources: [
          {
            resourceId: 'mid',
            name: 'M',
            path: '/mid',
            uiPath: '/T/M',
            description: null,
            priority: 0,
            metadata: null,
            resources: [{ resourceId: 'leaf', name: 'L', path: '/leaf', uiPath: '/T/M/L', description: null, priority: 0, metadata: null, resources: [] }],
          },
        ],
      },
    ]);
    expect(expectCode(await api.post('/resources/hierarchy/search', { resourcePath: '/mid' }), 0).resources.map((r: any) => r.resourceId)).toEqual(['mid']);
    expect(expectCode(await api.post('/resources/hierarchy/search', { resourcePath: '/nothing' }), 0).resources).toEqual([]);
  });
});

describe('Role API v3 sub-resources paging (H2)', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    for (const [id, ui] of [
      ['a', '/A'],
      ['a1', '/A/1'],
      ['a11', '/A/1/1'],
      ['a111', '/A/1/1/1'],
      ['a2', '/A/2'],
      ['a3', '/A/3'],
      ['ab', '/AB'],
    ]) {
      expectCode(await api.post('/resources', res(id!, ui!, `/${id}`)), 0);
    }
  });

  it('depth counts levels below; limit/offset cut after counting; the resource itself and look-alike prefixes are excluded', async () => {
    const sub = async (q?: string) => expectCode(await api.get('/resources/a/sub-resources', q), 0);
    expect(await sub()).toMatchObject({ totalItemCount: 5 });
    expect(ids(await sub())).toEqual(['a1', 'a11', 'a111', 'a2', 'a3']);
    expect(ids(await sub('depth=2'))).toEqual(['a1', 'a11', 'a2', 'a3']);
    expect(ids(await sub('depth=1&offset=1&limit=1'))).toEqual(['a2']);
    expect(await sub('offset=10')).toMatchObject({ totalItemCount: 5, resources: [] });
    expect(await sub('limit=0')).toMatchObject({ totalItemCount: 5, resources: [] });
    for (const q of ['depth=-1', 'limit=-1', 'offset=x', 'depth=1.5']) expectCode(await api.get('/resources/a/sub-resources', q), 400);
  });

  it('H1: a deleted middle resource is skipped; its children re-attach to the nearest ancestor (§12)', async () => {
    expectCode(await api.delete('/resources/a1'), 0);
    expect(ids(expectCode(await api.get('/resources/a/sub-resources', 'depth=1'), 0))).toEqual(['a11', 'a2', 'a3']);
    const tree = expectCode(await api.post('/resources/hierarchy/search', { resourceIds: ['a'] }), 0).resources[0];
    expect(tree.resources.map((r: any) => r.resourceId)).toEqual(['a11', 'a2', 'a3']);
    expectCode(await api.post('/resources/hierarchy/search', { resourceIds: ['a', 'gone'] }), 10005);
  });
});

describe('Role API v3 attributes usable on a resource: path resolution (A4, M1–M5)', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    for (const roleId of ['EXACT', 'VAR', 'SLASH']) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
    expectCode(await api.post('/operations', { operationId: 'read' }), 0);
    expectCode(await api.post('/resources', res('exact', '/Exact', '/items/new', 9)), 0);
    expectCode(await api.post('/resources', res('var', '/Var', '/items/{id}', 0)), 0);
    expectCode(await api.post('/resources', res('slash', '/Slash', '/dir/', 0)), 0);
    for (const roleId of ['EXACT', 'VAR', 'SLASH']) {
      expectCode(await api.post('/attributes', { attributeId: `for.${roleId.toLowerCase()}`, attributeDataTypeCode: 'STRING', attributeRoleRelationIds: [roleId] }), 0);
      expectCode(await api.post(`/resources/${roleId.toLowerCase()}/authorizations`, { roleId, operationId: 'read' }), 0);
    }
  });

  const usable = async (api: RoleClient, body: object) => expectCode(await api.post('/resources/attributes/search', { operationId: 'read', ...body }), 0).attributes.map((a: any) => a.attributeId);

  it('M4: an exact literal beats a variable whatever the priorities; resourceId wins over resourcePath (K1)', async () => {
    expect(await usable(api, { resourcePath: '/items/new' })).toEqual(['for.exact']);
    expect(await usable(api, { resourcePath: '/items/42' })).toEqual(['for.var']);
    expect(await usable(api, { resourceId: 'var', resourcePath: '/items/new' })).toEqual(['for.var']);
    expect(await usable(api, { resourcePath: 'items/42' })).toEqual([]);
    expect(await usable(api, { resourcePath: '/items/42', operationId: 'write' })).toEqual([]);
    expectCode(await api.post('/resources/attributes/search', { operationId: 'bad op', resourcePath: '/items/42' }), 400);
  });

  it('M2: NON_IDENTICAL_PATH (default) keeps trailing slashes significant; IDENTICAL_PATH ignores one', async () => {
    expect(await usable(api, { resourcePath: '/items/42/' })).toEqual([]);
    expect(await usable(api, { resourcePath: '/dir' })).toEqual([]);
    expect(await usable(api, { resourcePath: '/dir/' })).toEqual(['for.slash']);
    expectCode(await api.put('/config', { resourcePathTrailingSlashMatchPolicyCode: 'IDENTICAL_PATH' }), 0);
    expect(await usable(api, { resourcePath: '/items/42/' })).toEqual(['for.var']);
    expect(await usable(api, { resourcePath: '/dir' })).toEqual(['for.slash']);
    expect(await usable(api, { resourcePath: '/items/42//' })).toEqual([]);
  });
});
