import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, json } from '../../helpers/http';
import { bearer, cp, createOrganization, createOrgTenant, machineAccessToken, type Tenant } from './helpers';

/** Every D1 row a control-plane write could touch for tenant `appKey`, in a stable order. */
async function rowsOf(appKey: string) {
  const all = async (sql: string) => (await env.DB.prepare(sql).bind(appKey).all()).results;
  return {
    roles: await all('SELECT * FROM roles WHERE tenant_id = ? ORDER BY role_id'),
    permissions: await all('SELECT * FROM permissions WHERE tenant_id = ? ORDER BY permission_id'),
    rolePermissions: await all('SELECT * FROM role_permissions WHERE tenant_id = ? ORDER BY role_id, permission_id'),
    relations: await all('SELECT * FROM user_role_relations WHERE tenant_id = ? ORDER BY user_id, role_id'),
    audit: await all('SELECT id FROM audit_log WHERE tenant_id = ? ORDER BY id'),
  };
}

describe('control plane: dry runs write no D1 row', () => {
  let org: string;
  let t: Tenant;
  const req = (method: string, path: string, body?: unknown) => cp(org, t.appKey, method, path, body);
  beforeAll(async () => {
    org = await createOrganization('dry');
    t = await createOrgTenant(org, 'dry');
  });

  it('create, update and delete of a permission with dry_run=true leave every row as it was and answer no X-Revision', async () => {
    const kept = (await json(await req('POST', '/permissions', { name: 'kept', description: 'before' }))).result;
    const before = await rowsOf(t.appKey);
    for (const [method, path, body] of [
      ['POST', '/permissions?dry_run=true', { name: 'dry-created', description: 'x' }],
      ['PUT', `/permissions/${kept.id}?dry_run=true`, { name: 'dry-renamed', description: 'after' }],
      ['DELETE', `/permissions/${kept.id}?dry_run=true`, undefined],
    ] as const) {
      const res = await req(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(method === 'POST' ? 201 : 200);
      expect((await json(res)).dry_run).toBe(true);
      expect(res.headers.get('X-Revision'), `${method} ${path}`).toBeNull();
    }
    expect(await rowsOf(t.appKey)).toEqual(before);
    // The same writes without dry_run do write (and answer the revision they produced).
    const real = await req('PUT', `/permissions/${kept.id}`, { name: 'renamed', description: 'after' });
    expect(real.headers.get('X-Revision')).toMatch(/^\d+$/);
    expect((await rowsOf(t.appKey)).permissions.find((p: any) => p.permission_id === kept.id)).toMatchObject({ name: 'renamed', description: 'after' });
  });

  it('create, update and delete of a role with dry_run=true leave roles, role_permissions and user relations as they were', async () => {
    const p = (await json(await req('POST', '/permissions', { name: 'docs:read' }))).result;
    const q = (await json(await req('POST', '/permissions', { name: 'docs:write' }))).result;
    const role = (await json(await req('POST', '/roles', { name: 'editor', permissions: [p.id] }))).result;
    // A user holding the role: a real delete would remove the relation.
    const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const user = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'holder', role_uuids: [role.id] }) }));
    expect(user.uuid).toEqual(expect.any(String));
    const before = await rowsOf(t.appKey);
    expect(before.relations.some((r: any) => r.role_id === role.id)).toBe(true);
    for (const [method, path, body] of [
      ['POST', '/roles?dry_run=true', { name: 'dry-role', permissions: [p.id, q.id] }],
      ['PUT', `/roles/${role.id}?dry_run=true`, { name: 'dry-editor', description: 'd', permissions: [q.id] }],
      ['PUT', `/roles/${role.id}?dry_run=true`, { name: 'editor', permissions: [] }],
      ['DELETE', `/roles/${role.id}?dry_run=true`, undefined],
      ['DELETE', `/permissions/${p.id}?dry_run=true`, undefined],
    ] as const) {
      const res = await req(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(method === 'POST' ? 201 : 200);
      expect(res.headers.get('X-Revision')).toBeNull();
    }
    expect(await rowsOf(t.appKey)).toEqual(before);
    // Failing dry runs (unknown permission, taken name, unknown role) write nothing either.
    expect((await req('POST', '/roles?dry_run=true', { name: 'ghost', permissions: ['nope'] })).status).toBe(400);
    expect((await req('POST', '/roles?dry_run=true', { name: 'editor', permissions: [] })).status).toBe(409);
    expect((await req('DELETE', '/roles/nope?dry_run=true')).status).toBe(404);
    expect(await rowsOf(t.appKey)).toEqual(before);
  });
});

describe('control plane: one tenant’s ids mean nothing in another tenant', () => {
  let org: string;
  let other: string;
  let a: Tenant;
  let b: Tenant;
  let c: Tenant;
  let aRole: any;
  let aPermission: any;
  beforeAll(async () => {
    org = await createOrganization('iso');
    other = await createOrganization('iso-other');
    a = await createOrgTenant(org, 'iso-a');
    b = await createOrgTenant(org, 'iso-b');
    c = await createOrgTenant(other, 'iso-c');
    aPermission = (await json(await cp(org, a.appKey, 'POST', '/permissions', { name: 'a:only' }))).result;
    aRole = (await json(await cp(org, a.appKey, 'POST', '/roles', { name: 'a-role', permissions: [aPermission.id] }))).result;
  });

  it("a sibling tenant's role and permission ids are 404 for get, update and delete (dry run or not), and nothing changes in their tenant", async () => {
    const before = await rowsOf(a.appKey);
    for (const [method, path, body] of [
      ['GET', `/roles/${aRole.id}`, undefined],
      ['PUT', `/roles/${aRole.id}`, { name: 'taken-over', permissions: [] }],
      ['PUT', `/roles/${aRole.id}?dry_run=true`, { name: 'taken-over', permissions: [] }],
      ['DELETE', `/roles/${aRole.id}`, undefined],
      ['DELETE', `/roles/${aRole.id}?dry_run=true`, undefined],
      ['GET', `/permissions/${aPermission.id}`, undefined],
      ['PUT', `/permissions/${aPermission.id}`, { name: 'taken-over' }],
      ['DELETE', `/permissions/${aPermission.id}`, undefined],
    ] as const) {
      const res = await cp(org, b.appKey, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await json(res)).toMatchObject({ error: 'not_found', error_messages: [expect.any(String)], error_details: {} });
    }
    expect(await rowsOf(a.appKey)).toEqual(before);
  });

  it("a sibling tenant's permission ids are unknown permissions in a role body; names are unique per tenant only", async () => {
    const res = await cp(org, b.appKey, 'POST', '/roles', { name: 'borrowing', permissions: [aPermission.id] });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ error: 'invalid_request', error_details: { unknown_permissions: [aPermission.id] } });
    expect((await json(await cp(org, b.appKey, 'GET', '/roles?limit=1000'))).list.map((r: any) => r.name)).not.toContain('borrowing');
    // The same names are free in another tenant.
    expect((await cp(org, b.appKey, 'POST', '/permissions', { name: 'a:only' })).status).toBe(201);
    expect((await cp(org, b.appKey, 'POST', '/roles', { name: 'a-role', permissions: [] })).status).toBe(201);
  });

  it("the operator cannot reach a tenant through another organization's path; an organization's machine token cannot reach another organization", async () => {
    expect((await cp(other, a.appKey, 'GET', `/roles/${aRole.id}`)).status).toBe(404);
    expect((await cp(other, a.appKey, 'DELETE', `/roles/${aRole.id}`)).status).toBe(404);
    const token = await machineAccessToken(c, ['all']);
    for (const [method, path, body] of [
      ['GET', '/roles', undefined],
      ['GET', `/roles/${aRole.id}`, undefined],
      ['PUT', `/roles/${aRole.id}`, { name: 'x', permissions: [] }],
      ['DELETE', `/roles/${aRole.id}?dry_run=true`, undefined],
      ['POST', '/permissions', { name: 'from-c' }],
    ] as const) {
      const res = await cp(org, a.appKey, method, path, body, bearer(token));
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await json(res)).toMatchObject({ error: 'forbidden' });
    }
    expect((await json(await cp(org, a.appKey, 'GET', `/roles/${aRole.id}`))).name).toBe('a-role');
    expect((await cp(other, c.appKey, 'GET', '/roles', undefined, bearer(token))).status).toBe(200);
  });

  it('every list answers Total-Number and Link, also when empty past the end', async () => {
    for (const path of ['/roles', '/permissions', '/roles?offset=50&limit=5', '/permissions?limit=1']) {
      const res = await cp(org, b.appKey, 'GET', path);
      expect(res.status, path).toBe(200);
      const body = await json(res);
      expect(res.headers.get('Total-Number'), path).toBe(String(body.total_count));
      expect(res.headers.get('Link'), path).toMatch(/rel="first".*rel="last"/);
    }
  });
});
