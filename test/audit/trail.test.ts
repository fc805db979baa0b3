import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, call, createTenant, json } from '../helpers/http';
import { apiTokenOf, createUser, expectStatus, identity, type Tenant } from '../helpers/identity-client';
import { defaultRoleId } from '../helpers/identity';
import { expectCode, RoleClient } from '../helpers/role-client';
import { apps, appsTenant, appsUser, passwordToken } from '../helpers/apps';
import { bearer, cp, createOrganization, createOrgTenant, userAccessToken } from '../faces/control-plane/helpers';

type Entry = {
  id: string;
  at: string;
  revision: number | null;
  face: string;
  actor: { kind: string; id: string | null; clientId: string | null; tenantId: string | null; operatorUuid: string | null };
  action: string;
  target: Record<string, string>;
  requestId: string | null;
};

/** The operator's view of a tenant's audit trail. */
async function trail(appKey: string, query = ''): Promise<{ res: Response; items: Entry[]; totalItems: number }> {
  const res = await admin('GET', `/tenants/${appKey}/audit${query ? `?${query}` : ''}`);
  if (res.status !== 200) throw new Error(`audit: ${res.status} ${await res.text()}`);
  const body = await json(res.clone());
  return { res, ...body };
}

/** A Role API write that answers its revision: a fence between the writes under test. */
async function fence(t: Tenant, userId: string): Promise<number> {
  const res = await new RoleClient(t.appKey, t.secretKey).post('/users', { users: [{ userId, roleRelations: [] }] });
  expectCode(res, 0);
  return res.revision!;
}

const newest = async (appKey: string) => (await trail(appKey, 'page_size=1')).items[0]!;

describe('audit trail: every management write records who, what, when and the revision', () => {
  it('Role API: the tenant secret key with X-Operator-Uuid, the route pattern, the revision in X-Revision; config writes through the coordinator too', async () => {
    const t = await createTenant('audit-role');
    const api = new RoleClient(t.appKey, t.secretKey);
    const before = Date.now();
    const created = await api.request('POST', '/users', { body: { users: [{ userId: 'alice', roleRelations: [] }] }, headers: { 'x-operator-uuid': 'op-7' } });
    expectCode(created, 0);
    const entry = await newest(t.appKey);
    expect(entry).toMatchObject({
      face: 'role-v3',
      actor: { kind: 'tenant', id: null, clientId: null, tenantId: null, operatorUuid: 'op-7' },
      action: 'POST /role/v3.0/appkeys/:appKey/users',
      target: {},
      revision: created.revision,
    });
    expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(entry.at)).toBeLessThanOrEqual(Date.now() + 1000);

    const deleted = await api.delete('/users/alice');
    expectCode(deleted, 0);
    expect(await newest(t.appKey)).toMatchObject({ action: 'DELETE /role/v3.0/appkeys/:appKey/users/:userId', target: { userId: 'alice' }, revision: deleted.revision });

    const config = await api.put('/config', { cacheTtl: 60 });
    expectCode(config, 0);
    expect(await newest(t.appKey)).toMatchObject({ face: 'role-v3', action: 'PUT /role/v3.0/appkeys/:appKey/config', revision: config.revision });
    const evicted = await api.put('/config/cache-evict');
    expectCode(evicted, 0);
    expect(await newest(t.appKey)).toMatchObject({ action: 'PUT /role/v3.0/appkeys/:appKey/config/cache-evict', revision: evicted.revision });
  });

  it('Identity API: the secret key is the tenant, a user token is that user; each write once, at the revision between its fences', async () => {
    const t = await createTenant('audit-identity');
    const r0 = await fence(t, 'fence-0');
    const user = await createUser(t, 'ada', [await defaultRoleId(t, 'admin')]);
    const r1 = await fence(t, 'fence-1');
    const created = (await trail(t.appKey, 'face=identity')).items;
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor: { kind: 'tenant', id: null }, action: 'POST /t/:appKey/v1/users', target: {}, revision: r0 + 1 });
    expect(r1).toBe(r0 + 2);

    const token = await apiTokenOf(t, user.uuid);
    await expectStatus(identity(t, 'PATCH', `/users/${user.uuid}`, { nickname: 'Ada' }, token), 200);
    const r2 = await fence(t, 'fence-2');
    const [patched, minted] = (await trail(t.appKey, 'face=identity')).items;
    expect(minted).toMatchObject({ actor: { kind: 'tenant' }, action: 'POST /t/:appKey/v1/users/:user_uuid/api-tokens', target: { user_uuid: user.uuid }, revision: r1 + 1 });
    expect(patched).toMatchObject({ actor: { kind: 'user', id: user.uuid }, action: 'PATCH /t/:appKey/v1/users/:user_uuid', target: { user_uuid: user.uuid }, revision: r1 + 2 });
    expect(r2).toBe(r1 + 3);
    // Writes that used to skip the revision (profile, API tokens) now bump it, so every entry has its own.
    const revisions = (await trail(t.appKey, 'page_size=100')).items.map((e) => e.revision);
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(revisions).toEqual([...revisions].sort((a, b) => b! - a!));
  });

  it('control plane: the operator, or a user of a sibling tenant (named with its tenant)', async () => {
    const org = await createOrganization('audit');
    const a1 = await createOrgTenant(org, 'a1');
    const a2 = await createOrgTenant(org, 'a2');
    expect((await cp(org, a1.appKey, 'POST', '/permissions', { name: 'by-operator' })).status).toBe(201);
    expect(await newest(a1.appKey)).toMatchObject({
      face: 'control-plane',
      actor: { kind: 'operator', id: null, tenantId: null },
      action: 'POST /v1/management/organizations/:organizationId/tenants/:tenantId/permissions',
      target: { organizationId: org, tenantId: a1.appKey },
    });
    const token = await userAccessToken(a1, 'admin', 'cara');
    const cara = (await json(await identity(a1, 'GET', '/users?name=cara'))).items[0].uuid;
    expect((await cp(org, a2.appKey, 'POST', '/roles', { name: 'by-cara', permissions: [] }, bearer(token))).status).toBe(201);
    const entry = await newest(a2.appKey);
    expect(entry).toMatchObject({ face: 'control-plane', actor: { kind: 'user', id: cara, tenantId: a1.appKey }, action: 'POST /v1/management/organizations/:organizationId/tenants/:tenantId/roles' });
    expect(entry.revision).toEqual(expect.any(Number));
  });

  it('Apps API service roles: the user and the client whose token it was', async () => {
    const t = await appsTenant();
    const boss = await appsUser(t, 'boss', ['ORG_ADMIN']);
    const target = (await appsUser(t, 'target')).id;
    const res = await apps(t, boss.token, 'POST', `/users/${target}/service_roles`, { service_partition: 'payroll', roles: ['editor'] });
    expect(res.status).toBe(200);
    const entries = (await trail(t.appKey, 'face=apps')).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: { kind: 'user', id: boss.id, clientId: t.clientId },
      action: 'POST /t/:appKey/apps/v1/users/:account_id/service_roles',
      target: { account_id: target },
      revision: expect.any(Number),
    });
  });

  it('operator API: tenant update, secret rotation and signing-key rotation are the operator', async () => {
    const t = await createTenant('audit-admin');
    const r0 = await fence(t, 'fence');
    expect((await admin('PATCH', `/tenants/${t.appKey}`, { name: 'renamed' })).status).toBe(200);
    const entry = await newest(t.appKey);
    expect(entry).toMatchObject({ face: 'admin', actor: { kind: 'operator', id: null }, action: 'PATCH /admin/v1/tenants/:appKey', target: {}, revision: r0 + 1 });
    expect((await admin('POST', `/tenants/${t.appKey}/signing-keys/rotate`)).status).toBe(202);
    const rotated = await newest(t.appKey);
    expect(rotated).toMatchObject({ action: 'POST /admin/v1/tenants/:appKey/signing-keys/rotate', revision: expect.any(Number) });
    // The creation of the tenant is the first entry of its trail.
    const all = (await trail(t.appKey, 'page_size=100')).items;
    expect(all.at(-1)).toMatchObject({ face: 'admin', action: 'POST /admin/v1/tenants' });
  });

  it('token service: issuing, refreshing and revoking tokens are not management writes and record nothing', async () => {
    const t = await createTenant('audit-tokens');
    const client = await expectStatus(identity(t, 'POST', '/oauth2-clients', { name: 'pw', grant_type: 'password', token_endpoint_auth_method: 'none' }), 201);
    const user = await createUser(t, 'tim', []);
    const before = (await trail(t.appKey)).totalItems;
    const token = await passwordToken(t, client.client_id, 'tim', user.password.temporary_password);
    const revoked = await call(`/t/${t.appKey}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: client.client_id }).toString(),
    });
    expect(revoked.status).toBe(200);
    expect((await trail(t.appKey)).totalItems).toBe(before);
  });

  it('a rejected write records nothing (validation, conflict, forbidden, not found)', async () => {
    const t = await createTenant('audit-rejected');
    const api = new RoleClient(t.appKey, t.secretKey);
    expectCode(await api.post('/users', { users: [{ userId: 'u', roleRelations: [] }] }), 0);
    const user = await createUser(t, 'mia', [await defaultRoleId(t, 'member')]);
    const memberToken = await apiTokenOf(t, user.uuid);
    const before = (await trail(t.appKey)).totalItems;
    expect((await api.post('/users', { users: [{ userId: 'u', roleRelations: [] }] })).body.header.isSuccessful).toBe(false);
    expect((await api.post('/users', { users: [{ userId: 'v', roleRelations: [{ roleId: 'NO_SUCH', scopeId: 'ALL' }] }] })).body.header.isSuccessful).toBe(false);
    expect((await api.put('/config', { cacheTtl: -1 })).body.header.isSuccessful).toBe(false);
    expect((await identity(t, 'POST', '/users', { name: 'mia', role_uuids: [] })).status).toBe(409);
    expect((await identity(t, 'POST', '/users', { name: 42 })).status).toBe(400);
    expect((await identity(t, 'POST', '/users', { name: 'nope', role_uuids: [] }, memberToken)).status).toBe(403);
    expect((await identity(t, 'DELETE', '/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin('PATCH', `/tenants/${t.appKey}`, { lockoutThreshold: 0 })).status).toBe(400);
    expect((await call(`/role/v3.0/appkeys/${t.appKey}/users`, { method: 'POST', headers: { 'x-secret-key': 'wrong' }, body: '{}' })).status).toBe(200);
    expect((await trail(t.appKey)).totalItems).toBe(before);
  });
});

describe('audit trail: every face, one tenant', () => {
  it('one write through each of the five faces: every entry of the trail has who (actor), what (action, target), when (at, within the test) and its own revision', async () => {
    const started = Date.now();
    const t = await appsTenant(); // operator API: organization's tenant, then Role API writes of the roles
    const boss = await appsUser(t, 'boss-all', ['ORG_ADMIN']); // Identity/Role API writes
    const target = (await appsUser(t, 'target-all')).id;
    expect((await apps(t, boss.token, 'POST', `/users/${target}/service_roles`, { service_partition: 'payroll', roles: ['editor'] })).status).toBe(200);
    expect((await cp(t.organizationId!, t.appKey, 'POST', '/permissions', { name: 'all-faces' })).status).toBe(201);
    expectCode(await t.roles.post('/users', { users: [{ userId: 'role-face', roleRelations: [] }] }), 0);
    await expectStatus(identity(t, 'POST', '/users', { name: 'identity-face', role_uuids: [] }), 201);
    expect((await admin('PATCH', `/tenants/${t.appKey}`, { name: 'all-faces-renamed' })).status).toBe(200);
    const ended = Date.now();

    const { items, totalItems } = await trail(t.appKey, 'page_size=100');
    expect(items.length).toBe(totalItems);
    expect(new Set(items.map((e) => e.face))).toEqual(new Set(['admin', 'role-v3', 'identity', 'apps', 'control-plane']));
    const kinds: Record<string, string[]> = { admin: ['operator'], 'control-plane': ['operator', 'user'], 'role-v3': ['tenant'], identity: ['tenant', 'user'], apps: ['user', 'client'] };
    for (const e of items) {
      const what = `${e.face} ${e.action}`;
      expect(kinds[e.face], what).toContain(e.actor.kind);
      expect(e.action, what).toMatch(/^(POST|PUT|PATCH|DELETE) \/\S+$/);
      expect(typeof e.target, what).toBe('object');
      expect(Date.parse(e.at), what).toBeGreaterThanOrEqual(started - 1000);
      expect(Date.parse(e.at), what).toBeLessThanOrEqual(ended + 1000);
      expect(e.revision, what).toEqual(expect.any(Number));
      expect(e.id, what).toEqual(expect.any(String));
    }
    // Each write has its own revision, newest first.
    const revisions = items.map((e) => e.revision!);
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(revisions).toEqual([...revisions].sort((x, y) => y - x));
    // The five writes made last, face by face, are the five newest entries.
    expect(items.slice(0, 5).map((e) => e.face)).toEqual(['admin', 'identity', 'role-v3', 'control-plane', 'apps']);
  });
});

describe('audit trail: listing', () => {
  let t: Tenant;
  let other: Tenant;
  let userId: string;
  let mid: string;
  beforeAll(async () => {
    t = await createTenant('audit-list');
    other = await createTenant('audit-other');
    const api = new RoleClient(t.appKey, t.secretKey);
    for (const id of ['a', 'b', 'c']) expectCode(await api.request('POST', '/users', { body: { users: [{ userId: id, roleRelations: [] }] }, headers: { 'x-operator-uuid': 'op-list' } }), 0);
    await new Promise((r) => setTimeout(r, 5));
    mid = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    userId = (await createUser(t, 'lin', [await defaultRoleId(t, 'admin')])).uuid;
    await expectStatus(identity(t, 'PATCH', `/users/${userId}`, { nickname: 'L' }, await apiTokenOf(t, userId)), 200);
    expectCode(await api.delete('/users/a'), 0);
    expectCode(await new RoleClient(other.appKey, other.secretKey).post('/users', { users: [{ userId: 'x', roleRelations: [] }] }), 0);
  });

  it('newest first, Logto paging with Total-Number and Link headers', async () => {
    const all = await trail(t.appKey, 'page_size=100');
    // create tenant, 3 Role API users, Identity user, API token, PATCH, Role API delete
    expect(all.totalItems).toBe(8);
    expect(all.items.map((e) => e.revision)).toEqual([...all.items.map((e) => e.revision)].sort((a, b) => b! - a!));
    expect(all.items[0]!.action).toBe('DELETE /role/v3.0/appkeys/:appKey/users/:userId');
    const page2 = await trail(t.appKey, 'page=2&page_size=3');
    expect(page2.items.map((e) => e.id)).toEqual(all.items.slice(3, 6).map((e) => e.id));
    expect(page2.totalItems).toBe(8);
    expect(page2.res.headers.get('Total-Number')).toBe('8');
    const link = page2.res.headers.get('Link')!;
    expect(link).toContain('rel="next"');
    expect(link).toContain('rel="prev"');
    expect(link).toMatch(/page=3/);
    expect((await admin('GET', `/tenants/${t.appKey}/audit?page_size=101`)).status).toBe(400);
    expect((await admin('GET', `/tenants/${t.appKey}/audit?page=0`)).status).toBe(400);
  });

  it('filters: actor (kind, id, X-Operator-Uuid), face, action (exact or prefix*), since/until', async () => {
    expect((await trail(t.appKey, 'actor=operator')).items.map((e) => e.action)).toEqual(['POST /admin/v1/tenants']);
    expect((await trail(t.appKey, `actor=${userId}`)).items.map((e) => e.action)).toEqual(['PATCH /t/:appKey/v1/users/:user_uuid']);
    expect((await trail(t.appKey, 'actor=op-list')).totalItems).toBe(3);
    expect((await trail(t.appKey, 'actor=tenant')).totalItems).toBe(6);
    expect((await trail(t.appKey, 'face=identity')).totalItems).toBe(3);
    expect((await trail(t.appKey, `action=${encodeURIComponent('POST /role/v3.0/appkeys/:appKey/users')}`)).totalItems).toBe(3);
    expect((await trail(t.appKey, `action=${encodeURIComponent('DELETE *')}`)).items.map((e) => e.target)).toEqual([{ userId: 'a' }]);
    expect((await trail(t.appKey, 'face=role-v3&actor=op-list&page_size=2')).items).toHaveLength(2);
    const since = await trail(t.appKey, `since=${encodeURIComponent(mid)}`);
    expect(since.items.map((e) => e.face)).toEqual(['role-v3', 'identity', 'identity', 'identity']);
    expect((await trail(t.appKey, `until=${encodeURIComponent(mid)}`)).totalItems).toBe(4);
    expect((await trail(t.appKey, 'since=2999-01-01')).totalItems).toBe(0);
    const bad = await admin('GET', `/tenants/${t.appKey}/audit?since=yesterday`);
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'invalid' } });
  });

  it("one tenant's trail never shows another's writes; an unknown appKey is 404; the operator token is required", async () => {
    const mine = (await trail(t.appKey, 'page_size=100')).items.map((e) => e.id);
    const theirs = (await trail(other.appKey, 'page_size=100')).items;
    expect(theirs.map((e) => e.action)).toEqual(['POST /role/v3.0/appkeys/:appKey/users', 'POST /admin/v1/tenants']);
    expect(theirs.some((e) => mine.includes(e.id))).toBe(false);
    expect((await admin('GET', '/tenants/no-such-tenant/audit')).status).toBe(404);
    const anon = await call(`/admin/v1/tenants/${t.appKey}/audit`, { headers: { authorization: `Bearer ${t.secretKey}` } });
    expect(anon.status).toBe(401);
  });

  it("a deleted tenant's trail is kept and ends with its deletion", async () => {
    const gone = await createTenant('audit-gone');
    expect((await admin('DELETE', `/tenants/${gone.appKey}`)).status).toBe(204);
    const kept = await trail(gone.appKey);
    expect(kept.items.map((e) => e.action)).toEqual(['DELETE /admin/v1/tenants/:appKey', 'POST /admin/v1/tenants']);
  });
});

describe("audit trail: an organization's own writes", () => {
  it('creating, renaming and deleting an organization are in its trail (the operator, the route, no revision); the trail outlives it; tenants\' trails do not show them', async () => {
    const before = Date.now();
    const id = `audit-org-${crypto.randomUUID().slice(0, 8)}`;
    expect((await admin('POST', '/organizations', { id, name: 'Audit Org' })).status).toBe(201);
    const orgTrail = async (query = '') => {
      const res = await admin('GET', `/organizations/${id}/audit${query}`);
      expect(res.status).toBe(200);
      return { res, ...(await json<{ items: Entry[]; totalItems: number }>(res)) };
    };
    const created = (await orgTrail()).items;
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ face: 'admin', actor: { kind: 'operator', id: null }, action: 'POST /admin/v1/organizations', target: {}, revision: null });
    expect(Date.parse(created[0]!.at)).toBeGreaterThanOrEqual(before - 1000);

    const renamed = await call(`/admin/v1/organizations/${id}`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json', 'x-operator-uuid': 'op-org' },
      body: JSON.stringify({ name: 'Renamed Org' }),
    });
    expect(renamed.status).toBe(200);
    // A tenant of the organization keeps its own trail; the organization's writes are not in it.
    const tenant = await json((await admin('POST', '/tenants', { name: 'in-org', organizationId: id })));
    expect((await trail(tenant.appKey)).items.map((e) => e.action)).toEqual(['POST /admin/v1/tenants']);
    // A refused write records nothing: an organization that owns a tenant is not deleted.
    expect((await admin('DELETE', `/organizations/${id}`)).status).toBe(409);
    expect((await admin('DELETE', `/tenants/${tenant.appKey}`)).status).toBe(204);
    expect((await admin('DELETE', `/organizations/${id}`)).status).toBe(204);

    const all = await orgTrail('?page_size=2');
    expect(all.totalItems).toBe(3);
    expect(all.res.headers.get('total-number')).toBe('3');
    expect(all.res.headers.get('link')).toContain('rel="next"');
    expect(all.items.map((e) => [e.action, e.target, e.revision])).toEqual([
      ['DELETE /admin/v1/organizations/:organizationId', { organizationId: id }, null],
      ['PATCH /admin/v1/organizations/:organizationId', { organizationId: id }, null],
    ]);
    expect((await orgTrail('?actor=op-org')).items.map((e) => e.action)).toEqual(['PATCH /admin/v1/organizations/:organizationId']);
    expect((await orgTrail('?action=POST%20*')).items.map((e) => e.action)).toEqual(['POST /admin/v1/organizations']);
    expect((await admin('GET', '/organizations/no-such-org/audit')).status).toBe(404);
    expect((await admin('GET', `/organizations/${id}/audit?since=yesterday`)).status).toBe(400);
  });
});

describe('audit trail: no secrets', () => {
  it('no secret key, password, API token, client secret or access token appears in any audit row', async () => {
    const t = await createTenant('audit-secrets');
    const secrets: string[] = [t.secretKey];
    const user = await createUser(t, 'sam', [await defaultRoleId(t, 'admin')]);
    secrets.push(user.password.temporary_password);
    const apiToken = await apiTokenOf(t, user.uuid);
    secrets.push(apiToken);
    const client = await expectStatus(identity(t, 'POST', '/oauth2-clients', { name: 'conf', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }), 201);
    secrets.push(client.client_secret);
    const tmp = await expectStatus(identity(t, 'POST', `/users/${user.uuid}/password/temporary`), 200);
    secrets.push(tmp.temporary_password);
    const pw = 'a-long-new-password-42';
    await expectStatus(identity(t, 'PUT', '/me/password', { old_password: tmp.temporary_password, password: pw }, apiToken), 200);
    secrets.push(pw);
    secrets.push(await passwordToken(t, (await expectStatus(identity(t, 'POST', '/oauth2-clients', { name: 'pw', grant_type: 'password', token_endpoint_auth_method: 'none' }), 201)).client_id, 'sam', pw));
    const email = await expectStatus(identity(t, 'POST', `/users/${user.uuid}/emails`, { address: 'sam@example.com' }), 201);
    const mail = (await json(await admin('GET', `/tenants/${t.appKey}/outbox`))).items.find((m: any) => m.to === 'sam@example.com');
    const mailed = /Verification token: (\S+)/.exec(mail.body)![1]!;
    secrets.push(mailed, mailed.split('.')[1]!);
    await expectStatus(identity(t, 'PUT', `/users/${user.uuid}/emails/${email.id}/verified`, { verification_token: mailed }), 200);
    expect(await newest(t.appKey)).toMatchObject({ action: 'PUT /t/:appKey/v1/users/:user_uuid/emails/:email_id/verified', target: { user_uuid: user.uuid, email_id: String(email.id) }, revision: expect.any(Number) });
    const rotated = await json(await admin('POST', `/tenants/${t.appKey}/secret-key/rotate`));
    secrets.push(rotated.secretKey);
    const actions = (await trail(t.appKey, 'page_size=100')).items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['PUT /t/:appKey/v1/me/password', 'POST /t/:appKey/v1/users/:user_uuid/password/temporary', 'POST /admin/v1/tenants/:appKey/secret-key/rotate', 'POST /t/:appKey/v1/users/:user_uuid/emails']));

    const listed = JSON.stringify((await trail(t.appKey, 'page_size=100')).items);
    const rows = JSON.stringify((await env.DB.prepare('SELECT * FROM audit_log').all()).results);
    expect(JSON.parse(listed).length).toBeGreaterThanOrEqual(6);
    for (const s of secrets) {
      expect(listed.includes(s), 'listed').toBe(false);
      expect(rows.includes(s), 'stored').toBe(false);
    }
  });
});
