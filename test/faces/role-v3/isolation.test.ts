import { describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

describe('tenant isolation', () => {
  it('Z-1: the same ids in two tenants are two different things; writes in one never show in the other', async () => {
    const a = await RoleClient.forNewTenant();
    const b = await RoleClient.forNewTenant();
    await b.dropDefaultRoles();
    for (const api of [a, b]) {
      expectCode(await api.post('/roles', { role: { roleId: 'ADMIN', exposureOrder: 0 } }), 0);
      expectCode(await api.post('/operations', { operationId: 'GET' }), 0);
      expectCode(await api.post('/resources', { resourceId: 'r', uiPath: '/R', path: '/r', priority: 0 }), 0);
    }
    expectCode(await a.post('/resources/r/authorizations', { roleId: 'ADMIN', operationId: 'GET' }), 0);
    expectCode(await a.post('/users', { users: [{ userId: 'u', roleRelations: [{ roleId: 'ADMIN', scopeId: 'ALL' }] }] }), 0);
    expectCode(await b.post('/users', { users: [{ userId: 'u' }] }), 0);

    const check = (api: RoleClient) => api.post('/users/u/authorizations/resources', { resources: [{ operationId: 'GET', resourcePath: '/r' }] });
    expect(expectCode(await check(a), 0).authorizations[0].permission).toBe(true);
    expect(expectCode(await check(b), 0).authorizations[0].permission).toBe(false);
    expect(expectCode(await b.get('/resources/r/authorizations'), 0).authorizations).toEqual([]);
    expect(expectCode(await b.get('/users/u'), 0).user.roleRelations).toEqual([]);

    expectCode(await a.delete('/roles/ADMIN'), 0);
    expectCode(await b.get('/roles/ADMIN'), 0);
    expectCode(await a.get('/roles/ADMIN'), 11001);
    expect(expectCode(await b.get('/roles/id'), 0).roleIds).toEqual(['ADMIN']);
  });

  it('S4: a scope used by a user relation is not deleted (13004)', async () => {
    const api = await RoleClient.forNewTenant();
    expectCode(await api.post('/roles', { role: { roleId: 'R', exposureOrder: 0 } }), 0);
    expectCode(await api.post('/scopes', { scopeId: 'USED' }), 0);
    expectCode(await api.post('/users', { users: [{ userId: 'u', roleRelations: [{ roleId: 'R', scopeId: 'USED' }] }] }), 0);
    expectCode(await api.delete('/scopes/USED'), 13004);
    expectCode(await api.put('/users/u', { user: { roleRelations: [] } }), 0);
    expectCode(await api.delete('/scopes/USED'), 0);
  });

  it('Z-10 / CF4: failed writes change nothing and report no revision', async () => {
    const api = await RoleClient.forNewTenant();
    const before = (await api.post('/scopes', { scopeId: 'x' })).revision!;
    const failed = await api.post('/scopes', { scopeId: 'x' });
    expectCode(failed, 13000);
    expect(failed.revision).toBeNull();
    expect((await api.post('/scopes', { scopeId: 'y' })).revision).toBe(before + 1);
  });
});
