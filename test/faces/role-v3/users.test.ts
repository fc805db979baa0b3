import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

describe('Role API v3 users', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    for (const roleId of ['ADMIN', 'MEMBER', 'GUEST']) {
      expectCode(await api.post('/roles', { role: { roleId, roleName: roleId.toLowerCase(), exposureOrder: 0 }, roleTags: [{ roleTagId: 't' }] }), 0);
    }
    expectCode(await api.post('/roles/ADMIN/relations', { roleRelations: [{ relatedRoleId: 'MEMBER' }] }), 0);
    expectCode(await api.post('/roles/MEMBER/relations', { roleRelations: [{ relatedRoleId: 'GUEST' }] }), 0);
    expectCode(await api.post('/scopes', { scopeId: 'ORG1' }), 0);
  });

  it('U1: bulk create with relations; GET answers the reference shape', async () => {
    const res = await api.post('/users', {
      users: [
        { userId: 'alice@example.com', description: 'Alice', roleRelations: [{ roleId: 'ADMIN', scopeId: 'ALL' }, { roleId: 'GUEST', scopeId: 'ORG1', roleApplyPolicyCode: 'DENY' }] },
        { userId: 'bob' },
      ],
    });
    expectCode(res, 0);
    expect(res.revision).toBeGreaterThan(0);
    const { user } = expectCode(await api.get('/users/alice@example.com'), 0);
    expect(user).toMatchObject({ userId: 'alice@example.com', description: 'Alice' });
    expect(user.regYmdt).toMatch(/\+00:00$/);
    expect(user.roleRelations).toEqual([
      expect.objectContaining({ roleId: 'ADMIN', scopeId: 'ALL', roleName: 'admin', exposureOrder: 0, roleApplyPolicyCode: 'ALLOW', conditions: [], roleTags: [{ roleTagId: 't' }] }),
      expect.objectContaining({ roleId: 'GUEST', scopeId: 'ORG1', roleApplyPolicyCode: 'DENY' }),
    ]);
    expect(expectCode(await api.get('/users/bob'), 0).user).toMatchObject({ userId: 'bob', description: null, roleRelations: [] });
    expectCode(await api.get('/users/nobody'), 14001);
  });

  it('U5: INDIRECT_ROLE lists reachable roles; roleIds and scopeIds restrict the list', async () => {
    expectCode(await api.post('/users', { users: [{ userId: 'u', roleRelations: [{ roleId: 'ADMIN', scopeId: 'ORG1' }] }] }), 0);
    const direct = expectCode(await api.get('/users/u'), 0).user.roleRelations.map((r: any) => r.roleId);
    expect(direct).toEqual(['ADMIN']);
    const indirect = expectCode(await api.get('/users/u', 'searchRoleOptionCode=INDIRECT_ROLE'), 0).user.roleRelations;
    expect(indirect.map((r: any) => [r.roleId, r.scopeId, r.roleApplyPolicyCode])).toEqual([
      ['ADMIN', 'ORG1', 'ALLOW'],
      ['MEMBER', 'ORG1', 'ALLOW'],
      ['GUEST', 'ORG1', 'ALLOW'],
    ]);
    expect(expectCode(await api.get('/users/u', 'searchRoleOptionCode=INDIRECT_ROLE&roleIds=GUEST'), 0).user.roleRelations).toHaveLength(1);
    expect(expectCode(await api.get('/users/u', 'scopeIds=ALL'), 0).user.roleRelations).toHaveLength(0);
  });

  it('U1/U2/L6: validation, references and atomicity of bulk create', async () => {
    expectCode(await api.post('/users', { users: [] }), 400);
    expectCode(await api.post('/users', { users: [{ userId: 'bad user' }] }), 400);
    expectCode(await api.post('/users', { users: [{ userId: 'a'.repeat(49) }] }), 400);
    expectCode(await api.post('/users', { users: [{ userId: 'x' }, { userId: 'x' }] }), 14000);
    expectCode(await api.post('/users', { users: [{ userId: 'y', roleRelations: [{ roleId: 'NOPE', scopeId: 'ALL' }] }] }), 11001);
    expectCode(await api.post('/users', { users: [{ userId: 'y', roleRelations: [{ roleId: 'ADMIN', scopeId: 'NOPE' }] }] }), 13001);
    expectCode(
      await api.post('/users', { users: [{ userId: 'y', roleRelations: [{ roleId: 'ADMIN', scopeId: 'ALL' }, { roleId: 'ADMIN', scopeId: 'ALL' }] }] }),
      14002,
    );
    // ADMIN is not the target of any relation, so it cannot be denied (D2).
    expectCode(await api.post('/users', { users: [{ userId: 'y', roleRelations: [{ roleId: 'ADMIN', scopeId: 'ALL', roleApplyPolicyCode: 'DENY' }] }] }), 11010);
    expectCode(await api.post('/users', { users: [{ userId: 'ok1' }, { userId: 'bad', roleRelations: [{ roleId: 'NOPE', scopeId: 'ALL' }] }] }), 11001);
    expectCode(await api.get('/users/ok1'), 14001);
    expectCode(await api.post('/users', { users: [{ userId: 'ok1' }] }), 0);
    expectCode(await api.post('/users', { users: [{ userId: 'ok2' }, { userId: 'ok1' }] }), 14000);
    expectCode(await api.get('/users/ok2'), 14001);
    expectCode(await api.post('/users', { users: 'nope' }), 400);
  });

  it('U3/U4: PUT replaces relations (all, or one scope), creates when asked, and writes histories (Y1)', async () => {
    expectCode(await api.put('/users/new', { user: { description: 'n' } }), 14001);
    expectCode(await api.put('/users/new', { user: { description: 'n', roleRelations: [{ roleId: 'GUEST', scopeId: 'ALL' }] }, createUserIfNotExist: true }), 0);
    expectCode(await api.put('/users/new/scopes/ORG1', { user: { roleRelations: [{ roleId: 'MEMBER' }, { roleId: 'ADMIN' }] } }), 0);
    let rels = expectCode(await api.get('/users/new'), 0).user.roleRelations.map((r: any) => `${r.scopeId}:${r.roleId}`);
    expect(rels.sort()).toEqual(['ALL:GUEST', 'ORG1:ADMIN', 'ORG1:MEMBER']);
    // Replacing one scope leaves the others.
    expectCode(await api.put('/users/new/scopes/ORG1', { user: { roleRelations: [{ roleId: 'MEMBER' }] } }), 0);
    rels = expectCode(await api.get('/users/new'), 0).user.roleRelations.map((r: any) => `${r.scopeId}:${r.roleId}`);
    expect(rels.sort()).toEqual(['ALL:GUEST', 'ORG1:MEMBER']);
    expectCode(await api.put('/users/new/scopes/NOPE', { user: { roleRelations: [] } }), 13001);
    // Absent roleRelations leave relations alone; description replaced.
    expectCode(await api.put('/users/new', { user: { description: 'changed' } }), 0);
    const user = expectCode(await api.get('/users/new'), 0).user;
    expect(user.description).toBe('changed');
    expect(user.roleRelations).toHaveLength(2);
    // A full replace that keeps GUEST unchanged writes no history for it.
    expectCode(await api.put('/users/new', { user: { roleRelations: [{ roleId: 'GUEST', scopeId: 'ALL' }] } }, undefined), 0);
    const history = expectCode(await api.get('/users/new/histories', 'sort=seq,ASC&itemsPerPage=100'), 0);
    expect(history.userHistory.map((h: any) => `${h.command}:${h.scopeId ?? '-'}:${h.roleId ?? '-'}`)).toEqual([
      'USER_ADD:-:-',
      'ADD:ALL:GUEST',
      'ADD:ORG1:MEMBER',
      'ADD:ORG1:ADMIN',
      'REMOVE:ORG1:ADMIN',
      'REMOVE:ORG1:MEMBER',
    ]);
    expect(history.userHistory[0]).toMatchObject({ userId: 'new', roleApplyPolicyCode: null, conditions: [], operatorUuid: null });
  });

  it('Y2/Y3: histories record the operator, filter by type, role, scope and time, and outlive the user', async () => {
    const put = await api.request('POST', '/users', {
      body: { users: [{ userId: 'h', roleRelations: [{ roleId: 'GUEST', scopeId: 'ORG1' }] }] },
      headers: { 'x-operator-uuid': 'op-42' },
    });
    expectCode(put, 0);
    expectCode(await api.delete('/users/h'), 0);
    const all = expectCode(await api.get('/users/h/histories'), 0);
    expect(all.totalItems).toBe(4);
    expect(all.userHistory.map((h: any) => h.command)).toEqual(['USER_REMOVE', 'REMOVE', 'ADD', 'USER_ADD']);
    expect(all.userHistory[3].operatorUuid).toBe('op-42');
    expect(all.userHistory[0].userHistorySeq).toBeGreaterThan(all.userHistory[1].userHistorySeq);
    expect(expectCode(await api.get('/users/h/histories', 'historyType=ADD,REMOVE'), 0).totalItems).toBe(2);
    expect(expectCode(await api.get('/users/h/histories', 'historyType=ADD&historyType=USER_ADD'), 0).totalItems).toBe(2);
    expect(expectCode(await api.get('/users/h/histories', 'roleId=GUEST&scopeId=ORG1'), 0).totalItems).toBe(2);
    expect(expectCode(await api.get('/users/h/histories', 'fromDateTime=2000-01-01T00:00:00Z&toDateTime=2001-01-01T00:00:00Z'), 0).totalItems).toBe(0);
    expect(expectCode(await api.get('/users/nobody/histories'), 0)).toMatchObject({ totalItems: 0, userHistory: [] });
    expectCode(await api.get('/users/h/histories', 'historyType=NOPE'), 400);
    expectCode(await api.get('/users/h/histories', 'fromDateTime=yesterday'), 400);
  });

  it('U6: search and id list with filters, INDIRECT_ROLE, needRoleRelations/needRoleTags/needRoleCount', async () => {
    expectCode(
      await api.post('/users', {
        users: [
          { userId: 'a1', description: 'First', roleRelations: [{ roleId: 'ADMIN', scopeId: 'ORG1' }] },
          { userId: 'a2', roleRelations: [{ roleId: 'GUEST', scopeId: 'ALL' }, { roleId: 'MEMBER', scopeId: 'ALL' }] },
          { userId: 'b1' },
        ],
      }),
      0,
    );
    const all = expectCode(await api.post('/users/search', {}), 0);
    expect(all.totalItems).toBe(3);
    expect(all.users[0].roleRelations).toHaveLength(1);
    expect(all.users[0].roleRelations[0].roleTags).toEqual([]);
    const lean = expectCode(await api.post('/users/search', { needRoleRelations: false, needRoleCount: true }), 0);
    expect(lean.users[1]).toMatchObject({ userId: 'a2', roleRelations: [], roleCounts: [{ scopeId: 'ALL', roleCount: 2 }] });
    const tagged = expectCode(await api.post('/users/search', { userIds: ['a1'], needRoleTags: true }), 0);
    expect(tagged.users[0].roleRelations[0].roleTags).toEqual([{ roleTagId: 't' }]);
    const ids = async (body: object, query?: string) => expectCode(await api.post('/users/id', body, query), 0).userIds;
    expect(await ids({ userIdPreLike: 'a' })).toEqual(['a1', 'a2']);
    expect(await ids({ descriptionLike: 'fir' })).toEqual(['a1']);
    expect(await ids({ roleIds: ['GUEST'] })).toEqual(['a2']);
    expect(await ids({ roleIds: ['GUEST'], searchRoleOptionCode: 'INDIRECT_ROLE' })).toEqual(['a1', 'a2']);
    expect(await ids({ roleIds: ['ADMIN'], scopeIds: ['ALL'] })).toEqual([]);
    expect(await ids({ scopeIdPreLike: 'ORG' })).toEqual(['a1']);
    expect(await ids({}, 'sort=userId,DESC&itemsPerPage=2')).toEqual(['b1', 'a2']);
    expectCode(await api.post('/users/id', { searchRoleOptionCode: 'SIDEWAYS' }), 400);
  });

  it('deletes users one by one and in bulk (all or nothing)', async () => {
    expectCode(await api.post('/users', { users: [{ userId: 'd1' }, { userId: 'd2' }, { userId: 'd3' }] }), 0);
    expectCode(await api.delete('/users', { userIds: ['d1', 'zz'] }), 14001);
    expectCode(await api.get('/users/d1'), 0);
    expectCode(await api.delete('/users', { userIds: ['d1', 'd2'] }), 0);
    expectCode(await api.delete('/users/d3'), 0);
    expectCode(await api.delete('/users/d3'), 14001);
    expect(expectCode(await api.post('/users/id', {}), 0).totalItems).toBe(0);
  });

  it('concurrent bulk creates of overlapping ids: exactly one wins, no server error', async () => {
    const batch = (n: number) => ({ users: [{ userId: 'shared' }, { userId: `own-${n}` }] });
    const results = await Promise.all([1, 2, 3, 4].map((n) => api.post('/users', batch(n))));
    const codes = results.map((r) => r.body.header.resultCode);
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c === 14000)).toHaveLength(3);
    expect(expectCode(await api.post('/users/id', {}), 0).totalItems).toBe(2);
  });
});
