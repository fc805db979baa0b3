import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

const role = (roleId: string, extra: Record<string, unknown> = {}) => ({ role: { roleId, exposureOrder: 0, ...extra } });

describe('Role API v3 roles', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    await api.dropDefaultRoles();
  });

  it('R5/R9: creates a role with relations and tags and reads it back in the reference shape', async () => {
    expectCode(await api.post('/roles', role('GUEST', { roleName: 'Guest', roleGroup: 'basic', description: 'guest role' })), 0);
    const created = await api.post('/roles', {
      role: { roleId: 'ADMIN', roleName: 'Admin', exposureOrder: 1 },
      roleRelations: [{ relatedRoleId: 'GUEST' }],
      roleTags: [{ roleTagId: 'ops' }, { roleTagId: 'core' }],
    });
    expectCode(created, 0);
    expect(created.revision).toBeGreaterThan(0);
    const body = expectCode(await api.get('/roles/ADMIN'), 0);
    expect(body.role).toMatchObject({
      appKey: api.appKey,
      roleId: 'ADMIN',
      roleName: 'Admin',
      roleGroup: null,
      description: null,
      exposureOrder: 1,
      roleTags: [{ roleTagId: 'core' }, { roleTagId: 'ops' }],
      attributes: [],
      roleRelations: [
        { roleId: 'GUEST', roleName: 'Guest', roleGroup: 'basic', description: 'guest role', roleApplyPolicyCode: 'ALLOW', conditions: [] },
      ],
    });
    expect(body.role.regDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
    expect(body.role.roleRelations[0].regDateTime).toMatch(/\+00:00$/);
  });

  it('validates roles: required fields, id syntax, reserved id, duplicates, unknown related role, self relation', async () => {
    expectCode(await api.post('/roles', { role: { roleId: 'A' } }), 400);
    expectCode(await api.post('/roles', { role: { exposureOrder: 0 } }), 400);
    expectCode(await api.post('/roles', {}), 400);
    expectCode(await api.post('/roles', role('id')), 400);
    expectCode(await api.post('/roles', role('bad role')), 400);
    expectCode(await api.post('/roles', role('a'.repeat(129))), 400);
    expectCode(await api.post('/roles', role('ok:role.v1-x_y')), 0);
    expectCode(await api.post('/roles', role('ok:role.v1-x_y')), 11000);
    expectCode(await api.post('/roles', { ...role('B'), roleRelations: [{ relatedRoleId: 'missing' }] }), 11001);
    expectCode(await api.post('/roles', { ...role('C'), roleRelations: [{ relatedRoleId: 'C' }] }), 11007);
    expectCode(await api.get('/roles/B'), 11001);
    expectCode(await api.get('/roles/C'), 11001);
  });

  it('lists ids (prefix, paging) and searches with the default sort exposureOrder,ASC then roleId', async () => {
    expectCode(await api.post('/roles', role('r-b', { exposureOrder: 1, roleName: 'Bee', roleGroup: 'g1' })), 0);
    expectCode(await api.post('/roles', role('r-a', { exposureOrder: 2, roleName: 'Ant', roleGroup: 'g2' })), 0);
    expectCode(await api.post('/roles', role('x-c', { exposureOrder: 1, roleName: 'Cat', roleGroup: 'g1', description: 'feline' })), 0);
    expect(expectCode(await api.get('/roles/id'), 0)).toMatchObject({ totalItems: 3, roleIds: ['r-a', 'r-b', 'x-c'] });
    expect(expectCode(await api.get('/roles/id', 'roleIdPreLike=r-&itemsPerPage=1&page=2'), 0)).toMatchObject({ totalItems: 2, roleIds: ['r-b'] });
    const all = expectCode(await api.post('/roles/search', {}), 0);
    expect(all.roles.map((r: any) => r.roleId)).toEqual(['r-b', 'x-c', 'r-a']);
    expect(all.roles[0]).toMatchObject({ roleRelations: [], roleTags: [], attributes: [] });
    expect(expectCode(await api.post('/roles/search', { roleGroup: 'g1' }, 'sort=roleName,DESC'), 0).roles.map((r: any) => r.roleId)).toEqual(['x-c', 'r-b']);
    expect(expectCode(await api.post('/roles/search', { roleNameLike: 'an' }), 0).roles.map((r: any) => r.roleId)).toEqual(['r-a']);
    expect(expectCode(await api.post('/roles/search', { descriptionLike: 'FEL' }), 0).totalItems).toBe(1);
    expect(expectCode(await api.post('/roles/search', { roleIds: ['r-a', 'zz'] }), 0).totalItems).toBe(1);
    expectCode(await api.post('/roles/search', {}, 'sort=nope'), 400);
  });

  it('R7: roleTagIdExpr with "," as AND, ";" as OR and parentheses; tag ids list (R8)', async () => {
    const tagged = async (id: string, tags: string[]) =>
      expectCode(await api.post('/roles', { ...role(id), roleTags: tags.map((roleTagId) => ({ roleTagId })) }), 0);
    await tagged('ab', ['A', 'B']);
    await tagged('ac', ['A', 'C']);
    await tagged('b', ['B']);
    await tagged('c', ['C']);
    const ids = async (expr: string) =>
      expectCode(await api.post('/roles/search', { roleTagIdExpr: expr }, 'sort=roleId'), 0).roles.map((r: any) => r.roleId);
    expect(await ids('A,B')).toEqual(['ab']);
    expect(await ids('A;B')).toEqual(['ab', 'ac', 'b']);
    expect(await ids('(B;C),A')).toEqual(['ab', 'ac']);
    expect(await ids('C;A,B')).toEqual(['ab', 'ac', 'c']);
    expectCode(await api.post('/roles/search', { roleTagIdExpr: '(A;B' }), 400);
    expectCode(await api.post('/roles/search', { roleTagIdExpr: 'A,,B' }), 400);
    expect(expectCode(await api.post('/roles/search', { roleTagIds: ['C'], needRoleTags: true }, 'sort=roleId'), 0).roles).toMatchObject([
      { roleId: 'ac', roleTags: [{ roleTagId: 'A' }, { roleTagId: 'C' }] },
      { roleId: 'c', roleTags: [{ roleTagId: 'C' }] },
    ]);
    expect(expectCode(await api.get('/roles/tags/id'), 0)).toMatchObject({ totalItems: 3, roleTagIds: ['A', 'B', 'C'] });
    expect(expectCode(await api.get('/roles/tags/id', 'roleTagIdPreLike=B'), 0).roleTagIds).toEqual(['B']);
  });

  it('L7: PUT replaces only what it names', async () => {
    expectCode(await api.post('/roles', role('sub')), 0);
    expectCode(await api.post('/roles', { ...role('main', { roleName: 'Main', description: 'd' }), roleRelations: [{ relatedRoleId: 'sub' }], roleTags: [{ roleTagId: 't' }] }), 0);
    expectCode(await api.put('/roles/main', { role: { exposureOrder: 5, roleName: 'Renamed' } }), 0);
    let r = expectCode(await api.get('/roles/main'), 0).role;
    expect(r).toMatchObject({ roleName: 'Renamed', description: 'd', exposureOrder: 5, roleTags: [{ roleTagId: 't' }] });
    expect(r.roleRelations).toHaveLength(1);
    expectCode(await api.put('/roles/main', { roleTags: [] }), 0);
    r = expectCode(await api.get('/roles/main'), 0).role;
    expect(r.roleTags).toEqual([]);
    expect(r.roleRelations).toHaveLength(1);
    expectCode(await api.put('/roles/main', { roleRelations: [] }), 0);
    expect(expectCode(await api.get('/roles/main'), 0).role.roleRelations).toEqual([]);
    expectCode(await api.put('/roles/missing', {}), 11001);
    expectCode(await api.put('/roles/main', { role: { roleName: 'no order' } }), 400);
  });

  it('R4/R6: relations add, replace, remove; duplicates and cycles', async () => {
    for (const id of ['A', 'B', 'C']) expectCode(await api.post('/roles', role(id)), 0);
    expectCode(await api.post('/roles/A/relations', { roleRelations: [{ relatedRoleId: 'B' }] }), 0);
    expectCode(await api.post('/roles/A/relations', { roleRelations: [{ relatedRoleId: 'B' }] }), 11003);
    expectCode(await api.post('/roles/A/relations', { roleRelations: [{ relatedRoleId: 'C' }, { relatedRoleId: 'C' }] }), 11003);
    expectCode(await api.post('/roles/A/relations', { roleRelations: [{ relatedRoleId: 'A' }] }), 11007);
    expectCode(await api.post('/roles/A/relations', { roleRelations: [{ relatedRoleId: 'nope' }] }), 11001);
    expectCode(await api.post('/roles/nope/relations', { roleRelations: [{ relatedRoleId: 'A' }] }), 11001);
    // A cycle is allowed (R4).
    expectCode(await api.post('/roles/B/relations', { roleRelations: [{ relatedRoleId: 'A', roleApplyPolicyCode: 'DENY' }] }), 0);
    expectCode(await api.put('/roles/A/relations', { roleRelations: [{ relatedRoleId: 'C' }] }), 0);
    expect(expectCode(await api.get('/roles/A'), 0).role.roleRelations.map((r: any) => r.roleId)).toEqual(['C']);
    // Absent related ids are ignored on delete.
    expectCode(await api.delete('/roles/A/relations', { relatedRoleIds: ['C', 'B'] }), 0);
    expect(expectCode(await api.get('/roles/A'), 0).role.roleRelations).toEqual([]);
    expect(expectCode(await api.post('/roles/search', { relatedRoleIds: ['A'] }), 0).roles.map((r: any) => r.roleId)).toEqual(['B']);
  });

  it('D1: a role is deniable when some role relation reaches it', async () => {
    for (const id of ['P', 'Q']) expectCode(await api.post('/roles', role(id)), 0);
    expect(expectCode(await api.get('/roles/Q/deniable'), 0).deniable).toBe(false);
    expectCode(await api.post('/roles/P/relations', { roleRelations: [{ relatedRoleId: 'Q' }] }), 0);
    expect(expectCode(await api.get('/roles/Q/deniable'), 0).deniable).toBe(true);
    expect(expectCode(await api.get('/roles/P/deniable'), 0).deniable).toBe(false);
    expectCode(await api.get('/roles/nope/deniable'), 11001);
  });

  it('§12: deleting roles cascades to relations both ways and user relations; bulk delete is all or nothing', async () => {
    for (const id of ['X', 'Y', 'Z']) expectCode(await api.post('/roles', role(id)), 0);
    expectCode(await api.post('/roles/X/relations', { roleRelations: [{ relatedRoleId: 'Y' }] }), 0);
    expectCode(await api.post('/roles/Y/relations', { roleRelations: [{ relatedRoleId: 'Z' }] }), 0);
    expectCode(await api.post('/users', { users: [{ userId: 'u1', roleRelations: [{ roleId: 'Y', scopeId: 'ALL' }] }] }), 0);
    expectCode(await api.delete('/roles', { roleIds: ['Y', 'missing'] }), 11001);
    expectCode(await api.get('/roles/Y'), 0);
    expectCode(await api.delete('/roles/Y'), 0);
    expect(expectCode(await api.get('/roles/X'), 0).role.roleRelations).toEqual([]);
    expect(expectCode(await api.get('/users/u1'), 0).user.roleRelations).toEqual([]);
    const history = expectCode(await api.get('/users/u1/histories'), 0).userHistory;
    expect(history[0]).toMatchObject({ command: 'REMOVE', roleId: 'Y', scopeId: 'ALL' });
    expectCode(await api.delete('/roles', { roleIds: ['X', 'Z'] }), 0);
    expect(expectCode(await api.get('/roles/id'), 0).totalItems).toBe(0);
  });
});
