import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { EdgeIamRpc } from '../../src/faces/rpc';
import { REVISION_TTL_MS } from '../../src/storage/decision-cache';
import { appsTenant, appsUser } from '../helpers/apps';
import { defaultRoleId } from '../helpers/identity';
import { identity } from '../helpers/identity-client';
import { expectCode, RoleClient } from '../helpers/role-client';
import { revisionOf } from './d1';

const rpc = () => new EdgeIamRpc({ waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext, env);

async function seed(api: RoleClient) {
  for (const roleId of ['A', 'OTHER']) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
  expectCode(await api.post('/operations', { operationId: 'GET' }), 0);
  expectCode(await api.post('/scopes', { scopeId: 'S' }), 0);
  expectCode(await api.post('/resources', { resourceId: 'r', uiPath: '/R', path: '/r', priority: 0 }), 0);
  expectCode(await api.post('/users', { users: [{ userId: 'u', roleRelations: [{ roleId: 'A', scopeId: 'ALL' }] }] }), 0);
}

/** The Role API resource check for `u` on GET /r in `scopeId`, optionally with X-Min-Revision; the permission and the revision it was answered at. */
async function can(api: RoleClient, opts: { scopeId?: string; minRevision?: number } = {}) {
  const res = await api.request('POST', '/users/u/authorizations/resources', {
    body: { resources: [{ operationId: 'GET', resourcePath: '/r', scopeId: opts.scopeId }] },
    headers: opts.minRevision === undefined ? {} : { 'x-min-revision': String(opts.minRevision) },
  });
  return { permission: expectCode(res, 0).authorizations[0].permission as boolean, revision: res.revision! };
}

/**
 * A write made by another isolate of the same location: its D1 batch, then the bump of the
 * tenant's revision in the Durable Object — through the real bindings, so this isolate's memo of
 * the revision does not hear of it (a write through this isolate's own faces would update it).
 */
async function writeElsewhere(appKey: string, sql: string, ...binds: unknown[]): Promise<number> {
  await env.DB.prepare(sql).bind(...binds).run();
  return env.TENANT.get(env.TENANT.idFromName(appKey)).bumpRevision();
}

describe('Z-6: read-your-writes with X-Min-Revision', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    await seed(api);
  });

  it("Z-6: a check with X-Min-Revision = r reflects another isolate's write r at once (Role API and RPC); without it, within the documented bound", async () => {
    // This isolate has just confirmed the current revision (its memo is fresh) and holds the answer.
    expect(await can(api)).toMatchObject({ permission: false });
    expect(await can(api)).toMatchObject({ permission: false });
    const granted = await writeElsewhere(api.appKey, "INSERT INTO resource_authorizations (tenant_id, resource_id, role_id, operation_id, created_at) VALUES (?, 'r', 'A', 'GET', ?)", api.appKey, new Date().toISOString());
    const fresh = await can(api, { minRevision: granted });
    expect(fresh.permission).toBe(true);
    expect(fresh.revision).toBeGreaterThanOrEqual(granted);
    const viaRpc = await rpc().checkResources(api.appKey, 'u', [{ operationId: 'GET', resourcePath: '/r' }], { minRevision: granted });
    expect([viaRpc.revision >= granted, viaRpc.authorizations[0]!.permission]).toEqual([true, true]);

    // Without the header: answered from the memo until it lapses (REVISION_TTL_MS), then fresh.
    const revoked = await writeElsewhere(api.appKey, "DELETE FROM resource_authorizations WHERE tenant_id = ? AND resource_id = 'r'", api.appKey);
    const started = Date.now();
    const seen: boolean[] = [];
    for (;;) {
      const { permission, revision } = await can(api);
      seen.push(permission);
      if (!permission) {
        expect(revision).toBeGreaterThanOrEqual(revoked);
        break;
      }
      expect(Date.now() - started, `still allowed after the bound (answers: ${seen.join(',')})`).toBeLessThan(REVISION_TTL_MS + 500);
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(`Z-6: without X-Min-Revision the revoke was seen after ${Date.now() - started} ms (${seen.length} checks; bound ${REVISION_TTL_MS} ms)`);
  });

  it('Z-6: an X-Min-Revision above the tenant revision, or not a non-negative integer, is a 400 (F1)', async () => {
    const current = await revisionOf(api.appKey);
    for (const bad of [String(current + 1), '-1', '1.5', 'x']) {
      expectCode(await api.request('POST', '/users/u/authorizations/roles', { body: { roles: [{ roleId: 'A' }] }, headers: { 'x-min-revision': bad } }), 400);
    }
  });
});

describe('Z-11: removed access stops at once', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    await seed(api);
    expectCode(await api.post('/resources/r/authorizations', { roleId: 'A', operationId: 'GET' }), 0);
  });

  /** Warm every cache layer for the check (the answer cache remembers an identical small request), then mutate and check again. */
  async function stopsAtOnce(mutate: () => Promise<{ revision: number | null }>, scopeId?: string) {
    expect((await can(api, { scopeId })).permission).toBe(true);
    expect((await can(api, { scopeId })).permission).toBe(true);
    expect((await rpc().checkResources(api.appKey, 'u', [{ operationId: 'GET', resourcePath: '/r', scopeId }])).authorizations[0]!.permission).toBe(true);
    const { revision } = await mutate();
    expect(revision).not.toBeNull();
    expect((await can(api, { scopeId })).permission, 'the next check on this isolate').toBe(false);
    expect((await can(api, { scopeId, minRevision: revision! })).permission, 'with X-Min-Revision').toBe(false);
    expect((await rpc().checkResources(api.appKey, 'u', [{ operationId: 'GET', resourcePath: '/r', scopeId }], { minRevision: revision! })).authorizations[0]!.permission).toBe(false);
    expect((await api.post('/users/u/authorizations/roles', { roles: [{ roleId: 'A', scopeId }] })).body.authorizations[0].permission).toBe(false);
  }

  it('Z-11: a user removed from a role is denied on the next check and with X-Min-Revision', async () => {
    await stopsAtOnce(() => api.put('/users/u', { user: { roleRelations: [{ roleId: 'OTHER', scopeId: 'ALL' }] } }));
  });

  it('Z-11: a deleted role is denied on the next check and with X-Min-Revision', async () => {
    await stopsAtOnce(() => api.delete('/roles/A'));
  });

  it('Z-11: a deleted scope is denied on the next check and with X-Min-Revision (S3: an ALL relation applies only in existing scopes)', async () => {
    await stopsAtOnce(() => api.delete('/scopes/S'), 'S');
  });

  it("Z-11: through the Identity API, a user whose role is unassigned loses the endpoints at once", async () => {
    const t = await appsTenant();
    const adminRole = await defaultRoleId(t, 'admin');
    const user = await appsUser(t, 'temp-admin', [adminRole]);
    expect((await identity(t, 'GET', '/users', undefined, user.token)).status).toBe(200);
    expect((await identity(t, 'GET', '/users', undefined, user.token)).status).toBe(200);
    expect((await identity(t, 'DELETE', `/users/${user.id}/roles/${adminRole}`)).status).toBe(204);
    expect((await identity(t, 'GET', '/users', undefined, user.token)).status).toBe(403);
    const check = await identity(t, 'POST', '/authorization/http', { subject: user.id, scopes: [], method: 'GET', path: '/v1/users' });
    expect(await check.json()).toEqual({ result: false });
  });
});
