import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, json } from '../helpers/http';
import { callWith, failMidway, roleWith, writesAny } from '../helpers/faulty-app';
import { expectCode, RoleClient } from '../helpers/role-client';

async function rows(table: string, tenantId: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ?`).bind(tenantId).first<{ n: number }>();
  return row!.n;
}

async function counts(tenantId: string) {
  const tables = ['users', 'user_role_relations', 'user_histories', 'roles', 'role_relations', 'scopes', 'permissions', 'role_permissions', 'audit_log'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await rows(t, tenantId)] as const)));
}

describe('faults: D1 fails in the middle of a multi-row write (Z-10)', () => {
  it('Role API: 200 users with relations in one batch; a failure midway writes none of them and leaves the revision', async () => {
    const api = await RoleClient.forNewTenant();
    for (const roleId of ['A', 'B']) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
    const revision = (await api.post('/scopes', { scopeId: 'S' })).revision!;
    const before = await counts(api.appKey);
    const users = Array.from({ length: 200 }, (_, i) => ({ userId: `u${i}`, roleRelations: [{ roleId: 'A', scopeId: 'ALL' }, { roleId: 'B', scopeId: 'S' }] }));
    const fault = failMidway();
    const res = await roleWith(fault.plan, api, 'POST', '/users', { users });
    // Role API: always HTTP 200; the envelope says the write failed, in words that leak nothing.
    expect(res.status).toBe(200);
    expect((await json(res)).header).toEqual({ isSuccessful: false, resultCode: 500, resultMessage: 'internal error' });
    expect(res.headers.get('x-revision')).toBeNull();
    expect(fault.seen.length).toBe(1);
    expect(fault.seen[0]).toBeGreaterThan(10);
    expect(await counts(api.appKey)).toEqual(before);
    expectCode(await api.get('/users/u0'), 14001);
    expectCode(await api.get('/users/u199'), 14001);
    // Nothing moved: the next write is the very next revision.
    expect((await api.post('/scopes', { scopeId: 'S2' })).revision).toBe(revision + 1);
    // And the same request without the fault writes all of it.
    expectCode(await api.post('/users', { users }), 0);
    expect((await counts(api.appKey)).users).toBe(before.users! + 200);
  });

  it('Identity API: creating a user (user, account, relations, history in one batch) fails whole, as a server_error', async () => {
    const api = await RoleClient.forNewTenant();
    const before = await counts(api.appKey);
    const fault = failMidway();
    const res = await callWith(fault.plan, `/t/${api.appKey}/v1/users`, {
      method: 'POST',
      headers: { 'x-secret-key': api.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'half-written', role_uuids: [] }),
    });
    expect(res.status).toBe(500);
    expect(await json(res)).toEqual({ type: 'server_error', title: 'internal error' });
    expect(fault.seen.length).toBeGreaterThan(0);
    expect(await counts(api.appKey)).toEqual(before);
    const list = await json(await callWith({}, `/t/${api.appKey}/v1/users?name=half-written`, { headers: { 'x-secret-key': api.secretKey } }));
    expect(list.items).toEqual([]);
  });

  it('operator API: creating a tenant (tenant row, default permissions and roles) fails whole', async () => {
    const tenantsBefore = (await env.DB.prepare('SELECT count(*) AS n FROM tenants').first<{ n: number }>())!.n;
    const fault = failMidway();
    const res = await callWith(fault.plan, '/admin/v1/tenants', {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'never-created' }),
    });
    expect(res.status).toBe(500);
    expect(await json(res)).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(fault.seen.length).toBeGreaterThan(0);
    expect((await env.DB.prepare('SELECT count(*) AS n FROM tenants').first<{ n: number }>())!.n).toBe(tenantsBefore);
    const orphans = await env.DB.prepare('SELECT count(*) AS n FROM permissions WHERE tenant_id NOT IN (SELECT app_key FROM tenants)').first<{ n: number }>();
    expect(orphans!.n).toBe(0);
    expect((await admin('POST', '/tenants', { name: 'created' })).status).toBe(201);
  });
});

describe('faults: D1 unreachable (V-8)', () => {
  it('a write meeting a transient D1 failure answers 503 with Retry-After in the face format and writes nothing', async () => {
    const api = await RoleClient.forNewTenant();
    const before = await counts(api.appKey);
    const unreachable = { d1: { beforeBatch: (sql: string[]) => (writesAny(sql) ? ('unavailable' as const) : undefined) } };
    const res = await callWith(unreachable, `/t/${api.appKey}/v1/users`, {
      method: 'POST',
      headers: { 'x-secret-key': api.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'never-written', role_uuids: [] }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await json(res)).toMatchObject({ type: 'server_error' });
    expect(await counts(api.appKey)).toEqual(before);
    // A D1 error that is not transient stays a plain 500: only "try again" is a 503.
    const refused = { d1: { beforeBatch: (sql: string[]) => (writesAny(sql) ? ('fail' as const) : undefined) } };
    const broken = await callWith(refused, `/t/${api.appKey}/v1/users`, {
      method: 'POST',
      headers: { 'x-secret-key': api.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'never-written', role_uuids: [] }),
    });
    expect(broken.status).toBe(500);
  });
});
