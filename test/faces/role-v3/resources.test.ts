import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

const res = (resourceId: string, uiPath: string, path: string, priority = 0, extra: Record<string, unknown> = {}) => ({ resourceId, uiPath, path, priority, ...extra });

describe('Role API v3 resources', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
  });

  it('creates and reads a resource; name defaults to the last uiPath segment; id is generated when absent (ID4)', async () => {
    const created = await api.post('/resources', res('board', '/Board', '/board/v1.0', 1, { description: 'boards', metadata: '{"k":1}' }));
    expectCode(created, 0);
    expect(created.revision).toBeGreaterThan(0);
    expect(expectCode(await api.get('/resources/board'), 0).resource).toEqual({
      resourceId: 'board',
      name: 'Board',
      path: '/board/v1.0',
      uiPath: '/Board',
      description: 'boards',
      priority: 1,
      metadata: '{"k":1}',
    });
    expectCode(await api.post('/resources', { uiPath: '/Board/Notice', path: '/board/v1.0/{boardId}', priority: 0 }), 0);
    const found = expectCode(await api.post('/resources/search', { resourceUiPath: '/Board/Notice' }), 0).resources[0];
    expect(found.resourceId).toMatch(/^[0-9a-f]{32}$/);
    expect(found.name).toBe('Notice');
  });

  it('validates and refuses conflicts (10003, 10004, 10007)', async () => {
    expectCode(await api.post('/resources', res('r1', '/A', '/a')), 0);
    expectCode(await api.post('/resources', res('r1', '/B', '/b')), 10004);
    expectCode(await api.post('/resources', res('r2', '/B', '/a')), 10003);
    expectCode(await api.post('/resources', res('r2', '/A', '/b')), 10007);
    expectCode(await api.post('/resources', res('r2', '/B', 'no-slash')), 400);
    expectCode(await api.post('/resources', res('r2', '/B/', '/b')), 400);
    expectCode(await api.post('/resources', res('r2', '/B', '/b', 40000)), 400);
    expectCode(await api.post('/resources', { resourceId: 'r2', uiPath: '/B', path: '/b' }), 400);
    expectCode(await api.post('/resources', res('bad id!', '/B', '/b')), 400);
    expectCode(await api.post('/resources', res('r2', '/B', '/b', 0, { name: 'a/b' })), 400);
    expectCode(await api.get('/resources/r2'), 10005);
  });

  it('P4: a new uiPath moves the subtree atomically; newResourceId renames and grants follow', async () => {
    expectCode(await api.post('/roles', { role: { roleId: 'R', exposureOrder: 0 } }), 0);
    expectCode(await api.post('/operations', { operationId: 'GET' }), 0);
    expectCode(await api.post('/resources', res('a', '/A', '/a')), 0);
    expectCode(await api.post('/resources', res('a1', '/A/One', '/a/1')), 0);
    expectCode(await api.post('/resources', res('a11', '/A/One/Deep', '/a/1/d')), 0);
    expectCode(await api.post('/resources', res('ab', '/AB', '/ab')), 0);
    expectCode(await api.post('/resources/a/authorizations', { roleId: 'R', operationId: 'GET' }), 0);
    expectCode(await api.put('/resources/a', res('', '/Z', '/z', 5, { newResourceId: 'z' })), 0);
    expectCode(await api.get('/resources/a'), 10005);
    expect(expectCode(await api.get('/resources/z'), 0).resource).toMatchObject({ uiPath: '/Z', path: '/z', priority: 5 });
    expect(expectCode(await api.get('/resources/a1'), 0).resource.uiPath).toBe('/Z/One');
    expect(expectCode(await api.get('/resources/a11'), 0).resource.uiPath).toBe('/Z/One/Deep');
    expect(expectCode(await api.get('/resources/ab'), 0).resource.uiPath).toBe('/AB');
    expect(expectCode(await api.get('/resources/z/authorizations'), 0).authorizations).toEqual([{ resourceId: 'z', roleId: 'R', operationId: 'GET' }]);
    // Moving onto a uiPath that a moved descendant would collide with is refused and changes nothing.
    expectCode(await api.post('/resources', res('y1', '/Y/One', '/y/1')), 0);
    expectCode(await api.put('/resources/z', res('', '/Y', '/z', 5)), 10007);
    expect(expectCode(await api.get('/resources/a1'), 0).resource.uiPath).toBe('/Z/One');
    expectCode(await api.put('/resources/z', res('', '/Z/One/X', '/z', 5)), 400);
  });

  it('lists, searches and pages (default sort uiPath,ASC) with path and id filters', async () => {
    expectCode(await api.post('/resources', res('c', '/C', '/api/c')), 0);
    expectCode(await api.post('/resources', res('a', '/A', '/api/a')), 0);
    expectCode(await api.post('/resources', res('b', '/B', '/other/b')), 0);
    expect(expectCode(await api.get('/resources'), 0).resources.map((r: any) => r.resourceId)).toEqual(['a', 'b', 'c']);
    const s = async (body: object, q?: string) => expectCode(await api.post('/resources/search', body, q), 0);
    expect((await s({})).totalItems).toBe(3);
    expect((await s({ resourcePathLike: '/api/' })).resources.map((r: any) => r.resourceId)).toEqual(['a', 'c']);
    expect((await s({ resourcePaths: ['/other/b', '/api/c'] })).resources.map((r: any) => r.resourceId)).toEqual(['b', 'c']);
    expect((await s({ resourcePath: '/api/a' })).resources.map((r: any) => r.resourceId)).toEqual(['a']);
    expect((await s({ resourceUiPaths: ['/C'] })).resources.map((r: any) => r.resourceId)).toEqual(['c']);
    expect((await s({}, 'sort=resourceId,DESC&itemsPerPage=2&page=1')).resources.map((r: any) => r.resourceId)).toEqual(['c', 'b']);
    expect(expectCode(await api.post('/resources/id', { resourceIdPreLike: 'b' }), 0)).toMatchObject({ totalItems: 1, resourceIds: ['b'] });
  });

  it('H4: access filters by user (scope, DENY), role (DIRECT/INDIRECT) and operation', async () => {
    for (const roleId of ['ADMIN', 'MEMBER', 'OTHER']) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
    expectCode(await api.post('/roles/ADMIN/relations', { roleRelations: [{ relatedRoleId: 'MEMBER' }] }), 0);
    for (const op of ['read', 'write']) expectCode(await api.post('/operations', { operationId: op }), 0);
    expectCode(await api.post('/scopes', { scopeId: 'S1' }), 0);
    expectCode(await api.post('/resources', res('m', '/M', '/m')), 0);
    expectCode(await api.post('/resources', res('o', '/O', '/o')), 0);
    expectCode(await api.post('/resources', res('n', '/N', '/n')), 0);
    expectCode(await api.post('/resources/m/authorizations', { roleId: 'MEMBER', operationId: 'read' }), 0);
    expectCode(await api.post('/resources/o/authorizations', { roleId: 'OTHER', operationId: 'write' }), 0);
    expectCode(await api.post('/users', { users: [{ userId: 'admin', roleRelations: [{ roleId: 'ADMIN', scopeId: 'S1' }] }, { userId: 'denied', roleRelations: [{ roleId: 'ADMIN', scopeId: 'ALL' }, { roleId: 'MEMBER', scopeId: 'ALL', roleApplyPolicyCode: 'DENY' }] }] }), 0);
    const ids = async (q: string) => expectCode(await api.get('/resources', q), 0).resources.map((r: any) => r.resourceId);
    expect(await ids('roleId=MEMBER')).toEqual(['m']);
    expect(await ids('operationId=write')).toEqual(['o']);
    expect(await ids('userId=admin')).toEqual([]);
    expect(await ids('userId=admin&scopeId=S1')).toEqual(['m']);
    expect(await ids('userId=denied')).toEqual([]);
    const search = async (body: object) => expectCode(await api.post('/resources/search', body), 0).resources.map((r: any) => r.resourceId);
    expect(await search({ roleIds: ['ADMIN'] })).toEqual([]);
    expect(await search({ roleIds: ['ADMIN'], searchRoleOptionCode: 'INDIRECT_ROLE' })).toEqual(['m']);
    expect(await search({ userIds: ['admin'], scopeIds: ['S1'], operationIds: ['write'] })).toEqual([]);
    expect(await search({ scopeIds: ['S1'] })).toEqual(['m', 'n', 'o']);
  });

  it('deletes one and many (all or nothing); grants go, descendants stay', async () => {
    expectCode(await api.post('/resources', res('p', '/P', '/p')), 0);
    expectCode(await api.post('/resources', res('pc', '/P/C', '/p/c')), 0);
    expectCode(await api.delete('/resources', { resourceIds: ['p', 'zz'] }), 10005);
    expectCode(await api.delete('/resources/p'), 0);
    expectCode(await api.get('/resources/pc'), 0);
    expectCode(await api.delete('/resources', { resourceIds: ['pc'] }), 0);
    expect(expectCode(await api.get('/resources'), 0).resources).toEqual([]);
  });
});

describe('Role API v3 resource hierarchy and authorizations', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    expectCode(await api.post('/roles', { role: { roleId: 'R', exposureOrder: 0 } }), 0);
    expectCode(await api.post('/operations', { operationId: 'read' }), 0);
    for (const [id, ui, path, prio] of [
      ['root', '/', '/', 0],
      ['board', '/Board', '/board', 0],
      ['notice', '/Board/Notice', '/board/notice', 2],
      ['free', '/Board/Free', '/board/free', 1],
      ['post', '/Board/Free/Post', '/board/free/{id}', 0],
      ['gap', '/Board/Missing/Leaf', '/board/x/leaf', 0],
    ] as const) {
      expectCode(await api.post('/resources', res(id, ui, path, prio)), 0);
    }
  });

  it('G2: propagation copies the grant to every registered ancestor except the root', async () => {
    expectCode(await api.post('/resources/post/authorizations', { roleId: 'R', operationId: 'read', propagation: true }), 0);
    for (const id of ['post', 'free', 'board']) {
      expect(expectCode(await api.get(`/resources/${id}/authorizations`), 0).authorizations).toEqual([{ resourceId: id, roleId: 'R', operationId: 'read' }]);
    }
    expect(expectCode(await api.get('/resources/root/authorizations'), 0).authorizations).toEqual([]);
    expectCode(await api.post('/resources/post/authorizations', { roleId: 'R', operationId: 'read' }), 11005);
    expectCode(await api.post('/resources/notice/authorizations', { roleId: 'R', operationId: 'read', propagation: true }), 0);
    expectCode(await api.post('/resources/notice/authorizations', { roleId: 'NOPE', operationId: 'read' }), 11001);
    expectCode(await api.post('/resources/notice/authorizations', { roleId: 'R', operationId: 'NOPE' }), 12000);
    expectCode(await api.post('/resources/nope/authorizations', { roleId: 'R', operationId: 'read' }), 10005);
    expectCode(await api.delete('/resources/free/authorizations', undefined, 'roleId=R&operationId=read'), 0);
    expectCode(await api.delete('/resources/free/authorizations', undefined, 'roleId=R&operationId=read'), 11006);
    expectCode(await api.delete('/resources/free/authorizations', undefined, 'roleId=R'), 400);
    expectCode(await api.delete('/operations/read'), 12003);
  });

  it('H2: sub-resources with depth, offset/limit and filters', async () => {
    const sub = async (id: string, q?: string) => expectCode(await api.get(`/resources/${id}/sub-resources`, q), 0);
    const all = await sub('board');
    expect(all.totalItemCount).toBe(4);
    expect(all.resources.map((r: any) => r.resourceId)).toEqual(['free', 'post', 'gap', 'notice']);
    expect((await sub('board', 'depth=1')).resources.map((r: any) => r.resourceId)).toEqual(['free', 'gap', 'notice']);
    expect((await sub('board', 'offset=1&limit=2')).resources.map((r: any) => r.resourceId)).toEqual(['post', 'gap']);
    expect((await sub('root', 'depth=1')).resources.map((r: any) => r.resourceId)).toEqual(['board']);
    expectCode(await api.post('/resources/post/authorizations', { roleId: 'R', operationId: 'read' }), 0);
    expect((await sub('board', 'roleId=R')).resources.map((r: any) => r.resourceId)).toEqual(['post']);
    expectCode(await api.get('/resources/board/sub-resources', 'depth=0'), 400);
    expectCode(await api.get('/resources/nope/sub-resources'), 10005);
  });

  it('H3: hierarchy trees ordered by priority then uiPath; filtered nodes keep ancestors of kept ones', async () => {
    const all = expectCode(await api.post('/resources/hierarchy/search', {}), 0).resources;
    expect(all).toHaveLength(1);
    expect(all[0].resourceId).toBe('root');
    const board = all[0].resources[0];
    expect(board.resources.map((r: any) => r.resourceId)).toEqual(['gap', 'free', 'notice']);
    expect(board.resources[1].resources[0]).toMatchObject({ resourceId: 'post', resources: [] });
    const sub = expectCode(await api.post('/resources/hierarchy/search', { resourceUiPath: '/Board/Free' }), 0).resources;
    expect(sub.map((r: any) => r.resourceId)).toEqual(['free']);
    expectCode(await api.post('/resources/post/authorizations', { roleId: 'R', operationId: 'read' }), 0);
    const filtered = expectCode(await api.post('/resources/hierarchy/search', { roleIds: ['R'] }), 0).resources;
    expect(JSON.stringify(filtered)).not.toContain('notice');
    expect(filtered[0].resources[0].resources[0].resources[0].resourceId).toBe('post');
    expect(expectCode(await api.post('/resources/hierarchy/search', { resourceIds: ['notice', 'free'] }), 0).resources.map((r: any) => r.resourceId)).toEqual(['free', 'notice']);
  });

  it('A4: attributes usable on a resource for an operation, resolving the path like a check', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'common', attributeDataTypeCode: 'STRING' }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'for.r', attributeDataTypeCode: 'STRING', attributeRoleRelationIds: ['R'] }), 0);
    expectCode(await api.post('/resources/post/authorizations', { roleId: 'R', operationId: 'read' }), 0);
    const byPath = expectCode(await api.post('/resources/attributes/search', { operationId: 'read', resourcePath: '/board/free/42' }), 0);
    expect(byPath.attributes.map((a: any) => a.attributeId)).toEqual(['common', 'for.r']);
    expect(expectCode(await api.post('/resources/attributes/search', { operationId: 'read', resourceId: 'notice' }), 0).attributes).toEqual([]);
    expectCode(await api.post('/resources/attributes/search', { operationId: 'read', resourceId: 'nope' }), 10005);
    expectCode(await api.post('/resources/attributes/search', {}), 400);
  });
});
