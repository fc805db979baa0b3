import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { REVISION_TTL_MS } from '../../src/storage/decision-cache';
import { callWith, readsUserRelations } from '../helpers/faulty-app';
import { admin, json } from '../helpers/http';
import { defaultRoleId } from '../helpers/identity';
import { createUser, expectStatus, identity } from '../helpers/identity-client';
import { expectCode, RoleClient } from '../helpers/role-client';
import { rowsOf } from './d1';

/**
 * The per-user change log (migration 0013, storage/decision-cache.ts): when the revision moves, an
 * isolate drops the cached relations of the users the writes touched and keeps everyone else's.
 * Every check here goes through one app instance whose D1 batches are recorded, so "no read of
 * user_role_relations" means the answer came from the relations it held.
 */
describe('per-user change log: a revision move re-reads only the users it changed', () => {
  let api: RoleClient;
  let batches: string[][];
  const record = { d1: { beforeBatch: (sql: string[]) => void batches.push(sql) } };
  const relationReads = () => batches.filter(readsUserRelations).length;

  /** The Role API check of `user` on GET /r, asked at least as fresh as `minRevision`. */
  async function can(user: string, minRevision?: number): Promise<boolean> {
    const res = await callWith(record, `/role/v3.0/appkeys/${api.appKey}/users/${user}/authorizations/resources`, {
      method: 'POST',
      headers: { 'x-secret-key': api.secretKey, 'content-type': 'application/json', ...(minRevision === undefined ? {} : { 'x-min-revision': String(minRevision) }) },
      body: JSON.stringify({ resources: [{ operationId: 'GET', resourcePath: '/r' }] }),
    });
    const body = await json(res);
    expect(body.header.resultCode, JSON.stringify(body)).toBe(0);
    if (minRevision !== undefined) expect(Number(res.headers.get('x-revision'))).toBeGreaterThanOrEqual(minRevision);
    return body.authorizations[0].permission;
  }

  /** A write by another isolate: its SQL, then the revision bump, through the real bindings (the triggers see every writer). */
  async function writeElsewhere(sql: string, ...binds: unknown[]): Promise<number> {
    await env.DB.prepare(sql).bind(...binds).run();
    return env.TENANT.get(env.TENANT.idFromName(api.appKey)).bumpRevision();
  }

  beforeEach(async () => {
    batches = [];
    api = await RoleClient.forNewTenant();
    expectCode(await api.post('/roles', { role: { roleId: 'A', exposureOrder: 0 } }), 0);
    expectCode(await api.post('/operations', { operationId: 'GET' }), 0);
    expectCode(await api.post('/resources', { resourceId: 'r', uiPath: '/R', path: '/r', priority: 0 }), 0);
  });

  it('after a write to one user, another user is answered from the relations held; the changed user is read again and answered in its new state', async () => {
    expectCode(await api.post('/users', { users: ['a', 'b', 'c'].map((userId) => ({ userId, roleRelations: [{ roleId: 'A', scopeId: 'ALL' }] })) }), 0);
    const granted = await writeElsewhere("INSERT OR IGNORE INTO resource_authorizations (tenant_id, resource_id, role_id, operation_id, created_at) VALUES (?, 'r', 'A', 'GET', ?)", api.appKey, new Date().toISOString());
    for (const u of ['a', 'b', 'c']) expect(await can(u, granted)).toBe(true);

    const removed = await api.put('/users/a', { user: { roleRelations: [] } });
    expectCode(removed, 0);
    batches = [];
    expect(await can('b', removed.revision!)).toBe(true);
    expect(await can('c', removed.revision!)).toBe(true);
    expect(relationReads()).toBe(0);
    expect(await can('a', removed.revision!)).toBe(false);
    expect(relationReads()).toBe(1);

    // A write that touches nobody's relations (a new scope changes the snapshot tables) still re-reads everyone.
    const scoped = await api.post('/scopes', { scopeId: 'elsewhere' });
    expectCode(scoped, 0);
    batches = [];
    expect(await can('b', scoped.revision!)).toBe(true);
    expect(relationReads()).toBe(1);
  });

  const lapse = () => new Promise((resolve) => setTimeout(resolve, REVISION_TTL_MS + 100));

  it('a revision move that left the tenant row alone costs the next check one D1 read (the counters and the change log), shared by the tenant record and the snapshot', async () => {
    expectCode(await api.post('/users', { users: ['a', 'b'].map((userId) => ({ userId, roleRelations: [{ roleId: 'A', scopeId: 'ALL' }] })) }), 0);
    const granted = await writeElsewhere("INSERT OR IGNORE INTO resource_authorizations (tenant_id, resource_id, role_id, operation_id, created_at) VALUES (?, 'r', 'A', 'GET', ?)", api.appKey, new Date().toISOString());
    expect([await can('a', granted), await can('b', granted)]).toEqual([true, true]);
    let reads: string[] = [];
    const counting = {
      d1: {
        beforeBatch: (sql: string[]) => void reads.push(sql.join(' ; ')),
        beforeStatement: (sql: string) => void reads.push(sql),
      },
    };
    const check = async (user: string, minRevision: number) => {
      const res = await callWith(counting, `/role/v3.0/appkeys/${api.appKey}/users/${user}/authorizations/resources`, {
        method: 'POST',
        headers: { 'x-secret-key': api.secretKey, 'content-type': 'application/json', 'x-min-revision': String(minRevision) },
        body: JSON.stringify({ resources: [{ operationId: 'GET', resourcePath: '/r' }] }),
      });
      return (await json(res)).authorizations[0].permission as boolean;
    };
    expect(await check('b', granted)).toBe(true);
    const moved = await writeElsewhere("DELETE FROM user_role_relations WHERE tenant_id = ? AND user_id = 'a'", api.appKey);
    // Past the memo's lifetime the tenant record is checked against the revision (and found moved).
    await lapse();
    reads = [];
    expect(await check('b', moved)).toBe(true);
    expect(reads, reads.join('\n')).toHaveLength(1);
    expect(reads[0]).toContain('"user_changes"');
    // A change to the tenant row (here its name) is a change of the record: it is read again.
    const renamed = await admin('PATCH', `/tenants/${api.appKey}`, { name: 'renamed' });
    expect(renamed.status).toBe(200);
    const revision = Number(renamed.headers.get('x-revision'));
    await lapse();
    reads = [];
    expect(await check('b', revision)).toBe(true);
    expect(reads.some((sql) => /from "tenants"/i.test(sql) && /"name"/.test(sql) && !sql.includes('"user_changes"'))).toBe(true);
  });

  it('relations removed, a user deleted and a user created by another writer are all seen at the revision that made them', async () => {
    expectCode(await api.post('/users', { users: ['a', 'b'].map((userId) => ({ userId, roleRelations: [{ roleId: 'A', scopeId: 'ALL' }] })) }), 0);
    const granted = await writeElsewhere("INSERT OR IGNORE INTO resource_authorizations (tenant_id, resource_id, role_id, operation_id, created_at) VALUES (?, 'r', 'A', 'GET', ?)", api.appKey, new Date().toISOString());
    expect([await can('a', granted), await can('b', granted), await can('newcomer', granted)]).toEqual([true, true, false]);

    const unrelated = await writeElsewhere("DELETE FROM user_role_relations WHERE tenant_id = ? AND user_id = 'a'", api.appKey);
    expect([await can('a', unrelated), await can('b', unrelated)]).toEqual([false, true]);

    const deleted = await writeElsewhere("DELETE FROM user_role_relations WHERE tenant_id = ? AND user_id = 'b'", api.appKey);
    expect(await can('b', deleted)).toBe(false);

    // The unknown user was cached as unknown; its creation (user row, then relation) is a change of that user.
    await env.DB.prepare("INSERT INTO users (tenant_id, user_id, created_at) VALUES (?, 'newcomer', ?)").bind(api.appKey, new Date().toISOString()).run();
    const created = await writeElsewhere("INSERT INTO user_role_relations (tenant_id, user_id, role_id, scope_id, policy, conditions, created_at) VALUES (?, 'newcomer', 'A', 'ALL', 'ALLOW', '[]', ?)", api.appKey, new Date().toISOString());
    expect(await can('newcomer', created)).toBe(true);
  });

  it('a group membership is a change of its member: the HTTP check sees a new member at once', async () => {
    const t = api;
    const alice = await createUser(t, 'alice', [await defaultRoleId(t, 'admin')]);
    const group = await expectStatus(identity(t, 'POST', '/groups', { name: 'team' }), 201);
    const body = { subject: alice.uuid, scopes: [], path: `/v1/groups/${group.uuid}/members`, method: 'GET' };
    const check = async (revision?: number) => {
      const res = await callWith(record, `/t/${t.appKey}/v1/authorization/http`, {
        method: 'POST',
        headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json', ...(revision ? { 'x-min-revision': String(revision) } : {}) },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      return (await json(res)).result as boolean;
    };
    // Not a member: the request's (empty) scopes decide.
    expect(await check()).toBe(false);
    expect(await check()).toBe(false);
    // A member without roles in the group: judged by its permissions there, `all` from ALL included.
    const joined = await writeElsewhere("INSERT INTO group_members (tenant_id, group_id, user_id, is_owner, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)", t.appKey, group.uuid, alice.uuid, new Date().toISOString(), new Date().toISOString());
    expect(await check(joined)).toBe(true);
  });

  it('deleting a tenant removes its change log with everything else (the triggers of the deleted rows write none back)', async () => {
    expectCode(await api.post('/users', { users: [{ userId: 'a', roleRelations: [{ roleId: 'A', scopeId: 'ALL' }] }] }), 0);
    expect((await rowsOf(api.appKey)).user_changes!.length).toBeGreaterThan(0);
    const res = await callWith({}, `/admin/v1/tenants/${api.appKey}`, { method: 'DELETE', headers: { authorization: 'Bearer test-admin-token' } });
    expect(res.status).toBe(204);
    const left = Object.entries(await rowsOf(api.appKey)).filter(([table, rows]) => table !== 'audit_log' && rows.length > 0);
    expect(left).toEqual([]);
  });
});
