import { describe, expect, it } from 'vitest';
import { json } from '../helpers/http';
import { defaultRoleId } from '../helpers/identity';
import { expectStatus, identity } from '../helpers/identity-client';
import { expectCode, RoleClient } from '../helpers/role-client';
import { cp, createOrganization, createOrgTenant } from '../faces/control-plane/helpers';
import { revisionOf, rowsOf } from './d1';

describe('Z-9: concurrent mutations on one tenant', () => {
  it('Z-9: N concurrent mutations of every kind (users, grants, role relations, scopes, config, cache-evict, Identity API groups) get N distinct revisions, one each, and all N land', async () => {
    const api = await RoleClient.forNewTenant();
    const t = { appKey: api.appKey, secretKey: api.secretKey };
    for (const roleId of ['R', 'G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'S1', 'S2', 'S3', 'S4']) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
    expectCode(await api.post('/operations', { operationId: 'GET' }), 0);
    expectCode(await api.post('/resources', { resourceId: 'r', uiPath: '/R', path: '/r', priority: 0 }), 0);
    const r0 = await revisionOf(api.appKey);

    const users = Array.from({ length: 8 }, (_, i) => `u${i}`);
    const grants = ['G1', 'G2', 'G3', 'G4', 'G5', 'G6'];
    const related = ['S1', 'S2', 'S3', 'S4'];
    const scopes = ['SC1', 'SC2', 'SC3'];
    const groups = Array.from({ length: 6 }, (_, i) => `group-${i}`);
    const role = [
      ...users.map((userId) => api.post('/users', { users: [{ userId, roleRelations: [{ roleId: 'R', scopeId: 'ALL' }] }] })),
      ...grants.map((roleId) => api.post('/resources/r/authorizations', { roleId, operationId: 'GET' })),
      ...related.map((relatedRoleId) => api.post('/roles/R/relations', { roleRelations: [{ relatedRoleId }] })),
      ...scopes.map((scopeId) => api.post('/scopes', { scopeId })),
      api.put('/config', { cacheTtl: 77 }),
      api.put('/config', { resourcePathTrailingSlashMatchPolicyCode: 'IDENTICAL_PATH' }),
      api.put('/config/cache-evict'),
    ];
    const identityWrites = groups.map((name) => identity(t, 'POST', '/groups', { name }));
    const [roleResults, identityResults] = await Promise.all([Promise.all(role), Promise.all(identityWrites)]);
    const n = roleResults.length + identityResults.length;

    for (const r of roleResults) expectCode(r, 0);
    for (const r of identityResults) expect(r.status).toBe(201);
    const revisions = roleResults.map((r) => r.revision!);
    expect(new Set(revisions).size, 'distinct X-Revision values').toBe(revisions.length);
    for (const rev of revisions) expect(rev).toBeGreaterThan(r0);
    for (const rev of revisions) expect(rev).toBeLessThanOrEqual(r0 + n);
    // Exactly one bump per write, none lost: the revisions are r0+1 .. r0+N.
    expect(await revisionOf(api.appKey)).toBe(r0 + n);

    // Nothing lost: every write's effect is in the final state.
    expect(expectCode(await api.post('/users/id', {}, 'itemsPerPage=1000'), 0).userIds).toEqual(expect.arrayContaining(users));
    expect(expectCode(await api.get('/resources/r/authorizations'), 0).authorizations.map((a: { roleId: string }) => a.roleId).sort()).toEqual(grants);
    expect(expectCode(await api.get('/roles/R'), 0).role.roleRelations.map((x: { roleId: string }) => x.roleId).sort()).toEqual(related);
    expect(expectCode(await api.get('/scopes/id', 'itemsPerPage=1000'), 0).scopeIds).toEqual(expect.arrayContaining(scopes));
    expect(expectCode(await api.get('/config'), 0)).toMatchObject({ cacheTtl: 77, resourcePathTrailingSlashMatchPolicyCode: 'IDENTICAL_PATH' });
    expect(expectCode(await api.get('/config'), 0).cache.cacheFlushTime).not.toBe('');
    const listed = await expectStatus(identity(t, 'GET', '/groups?per_page=200'), 200);
    expect(listed.items.map((g: { name: string }) => g.name).sort()).toEqual(groups);
    // The decisions see the final state too.
    const check = expectCode(await api.post('/users/u7/authorizations/roles', { roles: related.map((roleId) => ({ roleId })) }), 0);
    expect(check.authorizations.map((a: { permission: boolean }) => a.permission)).toEqual([true, true, true, true]);
  });
});

describe('Z-10: failed config writes leave nothing half-written', () => {
  it('Z-10: writes refused by validation, lookups or in-use checks — config, bulk users, role and user replacement, deletes, permissions, roles, control-plane dry runs — change no D1 row and no revision', async () => {
    const org = await createOrganization('z10');
    const t = await createOrgTenant(org, 'z10');
    const api = new RoleClient(t.appKey, t.secretKey);
    for (const roleId of ['R', 'S1']) expectCode(await api.post('/roles', { role: { roleId, roleName: 'before', exposureOrder: 0 }, roleTags: [{ roleTagId: 'kept' }] }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'level', attributeDataTypeCode: 'NUMERIC' }), 0);
    expectCode(await api.post('/operations', { operationId: 'GET' }), 0);
    expectCode(await api.post('/resources', { resourceId: 'r', uiPath: '/R', path: '/r', priority: 0 }), 0);
    const condition = { attributeId: 'level', attributeOperatorTypeCode: 'GREATER_THAN', attributeValues: ['1'] };
    expectCode(await api.post('/users', { users: [{ userId: 'u', description: 'before', roleRelations: [{ roleId: 'R', scopeId: 'ALL', conditions: [condition] }] }] }), 0);
    const permission = await expectStatus(identity(t, 'POST', '/scopes', { name: 'perm', allowed_endpoints: [{ method: 'GET', path: '/v1/x' }] }), 201);
    const irole = await expectStatus(identity(t, 'POST', '/roles', { name: 'irole', scope_uuids: [permission.uuid] }), 201);
    const member = await defaultRoleId(t, 'member');

    const before = await rowsOf(t.appKey);
    const revision = await revisionOf(t.appKey);
    const roleFails = async (res: ReturnType<RoleClient['post']>, code: number) => {
      const r = await res;
      expectCode(r, code);
      expect(r.revision, 'a failed write reports no revision').toBeNull();
    };
    // Role API: one bad field or item fails the whole request (CF1, L6).
    await roleFails(api.put('/config', { cacheTtl: 60, cacheSize: -1 }), 400);
    await roleFails(api.put('/config', { resourcePathTrailingSlashMatchPolicyCode: 'IDENTICAL_PATH', cacheSizeTree: 10000001 }), 400);
    await roleFails(api.post('/users', { users: [{ userId: 'new1' }, { userId: 'new2', roleRelations: [{ roleId: 'R', scopeId: 'ALL' }] }, { userId: 'new3', roleRelations: [{ roleId: 'NOPE', scopeId: 'ALL' }] }] }), 11001);
    await roleFails(api.put('/roles/R', { role: { roleName: 'after', exposureOrder: 5 }, roleRelations: [{ relatedRoleId: 'S1' }, { relatedRoleId: 'NOPE' }], roleTags: [{ roleTagId: 'new' }] }), 11001);
    await roleFails(
      api.put('/users/u', { user: { description: 'after', roleRelations: [{ roleId: 'S1', scopeId: 'ALL' }, { roleId: 'R', scopeId: 'ALL', conditions: [{ ...condition, attributeValues: ['not a number'] }] }] } }),
      21002,
    );
    await roleFails(api.delete('/roles', { roleIds: ['S1', 'NOPE'] }), 11001);
    await roleFails(api.put('/attributes/level', { attributeDataTypeCode: 'STRING', description: 'after' }), 20005);
    await roleFails(api.post('/resources/r/authorizations', { roleId: 'R', operationId: 'NOPE' }), 12000);
    // Identity API: a bad rule, an unknown permission, an unknown role.
    expect((await identity(t, 'POST', '/scopes', { name: 'half', allowed_endpoints: [{ method: 'GET', path: '/v1/a' }, { method: 'TRACE', path: '/v1/b' }] })).status).toBe(400);
    expect((await identity(t, 'PATCH', `/scopes/${permission.uuid}`, { name: 'after', denied_endpoints: [{ method: 'GET', path: 'no-slash' }] })).status).toBe(400);
    expect([400, 404]).toContain((await identity(t, 'PATCH', `/roles/${irole.uuid}`, { name: 'after', scope_uuids: [permission.uuid, '00000000-0000-0000-0000-000000000000'] })).status);
    expect([400, 404]).toContain((await identity(t, 'POST', '/users', { name: 'half-user', role_uuids: [member, '00000000-0000-0000-0000-000000000000'] })).status);
    // Control plane: unknown permission ids; dry runs answer without writing.
    const unknown = await cp(org, t.appKey, 'PUT', `/roles/${irole.uuid}`, { name: 'after', permissions: [permission.uuid, 'no-such-permission'] });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error_details).toMatchObject({ unknown_permissions: ['no-such-permission'] });
    expect((await cp(org, t.appKey, 'POST', '/roles?dry_run=true', { name: 'dry', permissions: [permission.uuid] })).status).toBe(201);
    expect((await cp(org, t.appKey, 'POST', '/permissions?dry_run=true', { name: 'dry' })).status).toBe(201);
    expect((await cp(org, t.appKey, 'PUT', `/roles/${irole.uuid}?dry_run=true`, { name: 'dry', permissions: [] })).status).toBe(200);

    expect(await revisionOf(t.appKey)).toBe(revision);
    const after = await rowsOf(t.appKey);
    const counts = (rows: Record<string, string[]>) => Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length]));
    expect(counts(after)).toEqual(counts(before));
    expect(after).toEqual(before);
  });
});
