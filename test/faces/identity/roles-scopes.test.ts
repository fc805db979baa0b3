import { beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, json } from '../../helpers/http';

type Tenant = { appKey: string; secretKey: string };

const secret = (t: Tenant) => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const api = (t: Tenant, method: string, path: string, body?: unknown, headers: Record<string, string> = secret(t)) =>
  call(`/t/${t.appKey}/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const role = (t: Tenant, method: string, path: string, body?: unknown) =>
  call(`/role/v3.0/appkeys/${t.appKey}${path}`, { method, headers: secret(t), body: body === undefined ? undefined : JSON.stringify(body) });

async function created(res: Response) {
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status} ${await res.text()}`);
  return json(res);
}

describe('Identity API: scopes (permissions with endpoint rules)', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant('scopes');
  });

  it('a new tenant lists its default scopes all and me; Get Scope answers the reference fields', async () => {
    const res = await api(t, 'GET', '/scopes');
    expect(res.status).toBe(200);
    expect(res.headers.get('Total-Number')).toBe('2');
    expect(res.headers.get('Link')).toContain('rel="first"');
    const body = await json(res);
    expect(body.page).toEqual({ total_count: 2, first: true, last: true, next: '', previous: '' });
    expect(body.items.map((s: any) => s.name)).toEqual(['all', 'me']);
    const all = body.items[0];
    const got = await json(await api(t, 'GET', `/scopes/${all.uuid}`));
    expect(got).toEqual({
      uuid: all.uuid,
      name: 'all',
      description: 'Every endpoint',
      allowed_endpoints: [{ method: '*', path: '/**' }],
      allowed_iscp_messages: [],
      denied_endpoints: [],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  it('create, get, update and delete a scope; the method is upper-cased; names are unique (409)', async () => {
    const s = await created(
      await api(t, 'POST', '/scopes', { name: 'meas:r', allowed_endpoints: [{ method: 'get', path: '/v1/measurements/**' }], denied_endpoints: [{ method: 'DELETE', path: '/v1/x/{id}' }] }),
    );
    expect(s).toMatchObject({ name: 'meas:r', allowed_endpoints: [{ method: 'GET', path: '/v1/measurements/**' }], denied_endpoints: [{ method: 'DELETE', path: '/v1/x/{id}' }], allowed_iscp_messages: [] });
    expect(await json(await api(t, 'GET', `/scopes/${s.uuid}`))).toEqual(s);
    expect((await api(t, 'POST', '/scopes', { name: 'meas:r' })).status).toBe(409);
    const patched = await api(t, 'PATCH', `/scopes/${s.uuid}`, { name: 'meas:read', denied_endpoints: [] });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({ uuid: s.uuid, name: 'meas:read', allowed_endpoints: s.allowed_endpoints, denied_endpoints: [] });
    expect((await api(t, 'PATCH', `/scopes/${s.uuid}`, { name: 'all' })).status).toBe(409);
    expect((await api(t, 'DELETE', `/scopes/${s.uuid}`)).status).toBe(204);
    expect((await api(t, 'GET', `/scopes/${s.uuid}`)).status).toBe(404);
    expect((await api(t, 'DELETE', `/scopes/${s.uuid}`)).status).toBe(404);
    expect((await api(t, 'PATCH', `/scopes/${s.uuid}`, { name: 'x' })).status).toBe(404);
  });

  it('bad scopes are a 400 {type, title}: endpoint rules, blank or long names, iSCP messages', async () => {
    for (const body of [
      { name: 'a', allowed_endpoints: [{ method: 'FETCH', path: '/v1/x' }] },
      { name: 'a', allowed_endpoints: [{ method: 'GET', path: 'v1/x' }] },
      { name: 'a', denied_endpoints: [{ method: 'GET', path: '/v1/**/x' }] },
      { name: '  ' },
      { name: 'x'.repeat(256) },
      { name: 'a', allowed_iscp_messages: [{ name: 'm' }] },
      { allowed_endpoints: [] },
    ]) {
      const res = await api(t, 'POST', '/scopes', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await json(res)).toEqual({ type: expect.any(String), title: expect.any(String) });
    }
    expect((await json(await api(t, 'GET', '/scopes'))).page.total_count).toBe(2);
  });

  it('List Scopes filters by uuid (repeatable) and name (partial, exact when double-quoted), sorts and pages with headers', async () => {
    const u = await createTenant('scopes-list');
    const a = await created(await api(u, 'POST', '/scopes', { name: 'meas:r' }));
    const b = await created(await api(u, 'POST', '/scopes', { name: 'meas:rw' }));
    await created(await api(u, 'POST', '/scopes', { name: 'other' }));
    const names = async (q: string) => (await json(await api(u, 'GET', `/scopes?${q}`))).items.map((s: any) => s.name);
    expect(await names('name=meas')).toEqual(['meas:r', 'meas:rw']);
    expect(await names('name=MEAS:R')).toEqual(['meas:r', 'meas:rw']);
    expect(await names(`name=${encodeURIComponent('"meas:r"')}`)).toEqual(['meas:r']);
    expect(await names(`name=${encodeURIComponent('"meas:r"')}&name=oth`)).toEqual(['meas:r', 'other']);
    expect(await names(`uuid=${a.uuid}&uuid=${b.uuid}&sort=name-`)).toEqual(['meas:rw', 'meas:r']);
    const page2 = await api(u, 'GET', '/scopes?per_page=2&page=2');
    expect(page2.headers.get('Total-Number')).toBe('5');
    expect(page2.headers.get('Link')).toContain('rel="prev"');
    expect(page2.headers.get('Link')).toContain('rel="next"');
    expect((await json(page2)).items.map((s: any) => s.name)).toEqual(['meas:r', 'meas:rw']);
    expect((await api(u, 'GET', '/scopes?per_page=201')).status).toBe(400);
    expect((await api(u, 'GET', '/scopes?sort=color')).status).toBe(400);
  });
});

describe('Identity API: roles', () => {
  let t: Tenant;
  let meas: any;
  let admin: any;
  beforeAll(async () => {
    t = await createTenant('roles');
    meas = await created(await api(t, 'POST', '/scopes', { name: 'meas:r', allowed_endpoints: [{ method: 'GET', path: '/v1/scopes' }] }));
    admin = (await json(await api(t, 'GET', `/roles?name=${encodeURIComponent('"admin"')}`))).items[0];
  });

  it('the default roles admin and member hold their scopes', async () => {
    const res = await api(t, 'GET', '/roles');
    expect(res.headers.get('Total-Number')).toBe('2');
    const { items } = await json(res);
    expect(items.map((r: any) => [r.name, r.scopes.map((s: any) => s.name)])).toEqual([
      ['admin', ['all']],
      ['member', ['me']],
    ]);
    expect(admin).toMatchObject({ uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'admin', created_at: expect.any(String), updated_at: expect.any(String) });
  });

  it('create, get, update and delete a role; scopes are the full scope objects; unknown scopes are a 400 naming them', async () => {
    const r = await created(await api(t, 'POST', '/roles', { name: 'viewer', description: 'reads', scope_uuids: [meas.uuid] }));
    expect(r).toEqual({ uuid: expect.any(String), name: 'viewer', description: 'reads', scopes: [meas], created_at: expect.any(String), updated_at: r.created_at });
    expect(await json(await api(t, 'GET', `/roles/${r.uuid}`))).toEqual(r);
    expect((await api(t, 'POST', '/roles', { name: 'viewer', scope_uuids: [] })).status).toBe(409);
    const bad = await api(t, 'POST', '/roles', { name: 'ghost', scope_uuids: [meas.uuid, 'nope-1', 'nope-2'] });
    expect(bad.status).toBe(400);
    expect((await json(bad)).title).toContain('nope-1, nope-2');
    expect((await json(await api(t, 'GET', `/roles?name=ghost`))).items).toEqual([]);
    const patched = await json(await api(t, 'PATCH', `/roles/${r.uuid}`, { name: 'reader', scope_uuids: [] }));
    expect(patched).toMatchObject({ uuid: r.uuid, name: 'reader', description: 'reads', scopes: [] });
    expect(patched.updated_at >= r.updated_at).toBe(true);
    expect((await api(t, 'PATCH', `/roles/${r.uuid}`, { name: 'admin' })).status).toBe(409);
    expect((await api(t, 'PATCH', `/roles/${r.uuid}`, { scope_uuids: ['missing'] })).status).toBe(400);
    expect((await api(t, 'DELETE', `/roles/${r.uuid}`)).status).toBe(204);
    expect((await api(t, 'GET', `/roles/${r.uuid}`)).status).toBe(404);
    expect((await api(t, 'DELETE', `/roles/${r.uuid}`)).status).toBe(404);
    expect((await api(t, 'POST', '/roles', { scope_uuids: [] })).status).toBe(400);
  });

  it('deleting a scope removes it from the roles holding it', async () => {
    const s = await created(await api(t, 'POST', '/scopes', { name: 'temp' }));
    const r = await created(await api(t, 'POST', '/roles', { name: 'holder', scope_uuids: [s.uuid, meas.uuid] }));
    expect(r.scopes.map((x: any) => x.name)).toEqual(['meas:r', 'temp']);
    expect((await api(t, 'DELETE', `/scopes/${s.uuid}`)).status).toBe(204);
    expect((await json(await api(t, 'GET', `/roles/${r.uuid}`))).scopes.map((x: any) => x.name)).toEqual(['meas:r']);
  });

  it('List Roles filters by uuid and name (exact when double-quoted), sorts and pages with headers', async () => {
    const u = await createTenant('roles-list');
    const a = await created(await api(u, 'POST', '/roles', { name: 'ops-admin', scope_uuids: [] }));
    const names = async (q: string) => (await json(await api(u, 'GET', `/roles?${q}`))).items.map((r: any) => r.name);
    expect(await names('name=ADMIN')).toEqual(['admin', 'ops-admin']);
    expect(await names(`name=${encodeURIComponent('"admin"')}`)).toEqual(['admin']);
    expect(await names(`uuid=${a.uuid}`)).toEqual(['ops-admin']);
    expect(await names('sort=name-')).toEqual(['ops-admin', 'member', 'admin']);
    const res = await api(u, 'GET', '/roles?per_page=1&page=3');
    expect(res.headers.get('Total-Number')).toBe('3');
    expect(res.headers.get('Link')).toContain('rel="last"');
    expect((await json(res)).items.map((r: any) => r.name)).toEqual(['ops-admin']);
  });

  it('the same role is seen through the Role API and the Identity API; a Role API role without a name is named by its id', async () => {
    const r = await created(await api(t, 'POST', '/roles', { name: 'shared', description: 'one role', scope_uuids: [meas.uuid] }));
    const viaRoleApi = await json(await role(t, 'GET', `/roles/${r.uuid}`));
    expect(viaRoleApi.header.isSuccessful).toBe(true);
    expect(viaRoleApi.role).toMatchObject({ roleId: r.uuid, roleName: 'shared', description: 'one role' });
    expect((await json(await role(t, 'POST', '/roles', { role: { roleId: 'LEGACY', exposureOrder: 0 } }))).header.isSuccessful).toBe(true);
    const legacy = (await json(await api(t, 'GET', '/roles?uuid=LEGACY'))).items[0];
    expect(legacy).toMatchObject({ uuid: 'LEGACY', name: 'LEGACY', scopes: [] });
    expect((await api(t, 'POST', '/roles', { name: 'LEGACY', scope_uuids: [] })).status).toBe(409);
    expect((await json(await role(t, 'DELETE', `/roles/${r.uuid}`))).header.isSuccessful).toBe(true);
    expect((await api(t, 'GET', `/roles/${r.uuid}`)).status).toBe(404);
  });
});

describe("Identity API: user's roles and /me/roles", () => {
  let t: Tenant;
  let member: any;
  let viewer: any;
  let user: any;
  let token: string;
  beforeAll(async () => {
    t = await createTenant('user-roles');
    member = (await json(await api(t, 'GET', `/roles?name=${encodeURIComponent('"member"')}`))).items[0];
    const list = await created(await api(t, 'POST', '/scopes', { name: 'roles:list', allowed_endpoints: [{ method: 'GET', path: '/v1/roles' }] }));
    viewer = await created(await api(t, 'POST', '/roles', { name: 'viewer', scope_uuids: [list.uuid] }));
    user = await created(await api(t, 'POST', '/users', { name: 'kate', role_uuids: [member.uuid] }));
    token = (await created(await api(t, 'POST', `/users/${user.uuid}/api-tokens`, { name: 'k' }))).token;
  });

  it("a user's roles carry their real scopes (users list and /me)", async () => {
    expect(user.roles).toEqual([expect.objectContaining({ uuid: member.uuid, name: 'member', scopes: [expect.objectContaining({ name: 'me', allowed_endpoints: expect.any(Array) })] })]);
    expect((await json(await api(t, 'GET', '/me', undefined, bearer(token)))).roles.map((r: any) => r.scopes.map((s: any) => s.name))).toEqual([['me']]);
  });

  it('a user token without a permission for the endpoint gets 403; assigning a role granting it opens it; unassigning closes it', async () => {
    expect((await api(t, 'GET', '/roles', undefined, bearer(token))).status).toBe(403);
    expect((await api(t, 'GET', '/scopes', undefined, bearer(token))).status).toBe(403);
    expect((await api(t, 'POST', '/roles', { name: 'mine', scope_uuids: [] }, bearer(token))).status).toBe(403);
    const assigned = await api(t, 'POST', `/users/${user.uuid}/roles`, { role_uuid: viewer.uuid });
    expect(assigned.status).toBe(200);
    expect(await json(assigned)).toEqual(viewer);
    expect((await api(t, 'GET', '/roles', undefined, bearer(token))).status).toBe(200);
    expect((await api(t, 'GET', '/scopes', undefined, bearer(token))).status).toBe(403);
    const mine = await api(t, 'GET', '/me/roles', undefined, bearer(token));
    expect(mine.status).toBe(200);
    expect(mine.headers.get('Total-Number')).toBe('2');
    expect((await json(mine)).items.map((r: any) => r.name)).toEqual(['member', 'viewer']);
    expect((await api(t, 'DELETE', `/users/${user.uuid}/roles/${viewer.uuid}`)).status).toBe(204);
    expect((await api(t, 'GET', '/roles', undefined, bearer(token))).status).toBe(403);
  });

  it("List/Assign/Unassign User's Roles: paging headers, 404s, 409 on a second assignment, Role API histories", async () => {
    const res = await api(t, 'GET', `/users/${user.uuid}/roles?per_page=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Total-Number')).toBe('1');
    expect(res.headers.get('Link')).toContain('rel="first"');
    expect((await json(res)).items.map((r: any) => r.uuid)).toEqual([member.uuid]);
    expect((await api(t, 'POST', `/users/${user.uuid}/roles`, { role_uuid: member.uuid })).status).toBe(409);
    expect((await api(t, 'POST', `/users/${user.uuid}/roles`, { role_uuid: 'no-such-role' })).status).toBe(404);
    expect((await api(t, 'POST', `/users/no-such-user/roles`, { role_uuid: member.uuid })).status).toBe(404);
    expect((await api(t, 'GET', `/users/no-such-user/roles`)).status).toBe(404);
    expect((await api(t, 'DELETE', `/users/${user.uuid}/roles/${viewer.uuid}`)).status).toBe(404);
    expect((await api(t, 'POST', `/users/${user.uuid}/roles`, {})).status).toBe(400);
    expect((await api(t, 'POST', `/users/${user.uuid}/roles`, { role_uuid: viewer.uuid })).status).toBe(200);
    const viaRoleApi = await json(await role(t, 'GET', `/users/${user.uuid}?scopeIds=ALL`));
    expect(viaRoleApi.user.roleRelations.map((r: any) => r.roleId).sort()).toEqual([member.uuid, viewer.uuid].sort());
    expect((await api(t, 'DELETE', `/users/${user.uuid}/roles/${viewer.uuid}`)).status).toBe(204);
    const history = await json(await role(t, 'GET', `/users/${user.uuid}/histories`));
    const commands = history.userHistory.filter((h: any) => h.roleId === viewer.uuid).map((h: any) => h.command);
    expect(commands.sort()).toEqual(['ADD', 'ADD', 'REMOVE', 'REMOVE']);
  });

  it("one tenant never sees another's roles or scopes", async () => {
    const other = await createTenant('user-roles-other');
    expect((await api(other, 'GET', `/roles/${viewer.uuid}`)).status).toBe(404);
    expect((await api(other, 'PATCH', `/roles/${viewer.uuid}`, { name: 'x' })).status).toBe(404);
    expect((await api(other, 'DELETE', `/roles/${viewer.uuid}`)).status).toBe(404);
    expect((await api(other, 'GET', `/roles?uuid=${viewer.uuid}`)).headers.get('Total-Number')).toBe('0');
    expect((await api(other, 'POST', '/roles', { name: 'x', scope_uuids: [viewer.scopes[0].uuid] })).status).toBe(400);
    expect((await api(other, 'GET', `/scopes/${viewer.scopes[0].uuid}`)).status).toBe(404);
    expect((await api(other, 'POST', `/users/${user.uuid}/roles`, { role_uuid: viewer.uuid })).status).toBe(404);
    // Another tenant's token is worthless here.
    expect((await api(other, 'GET', '/me/roles', undefined, bearer(token))).status).toBe(401);
  });
});
