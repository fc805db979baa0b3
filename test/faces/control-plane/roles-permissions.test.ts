import { beforeAll, describe, expect, it } from 'vitest';
import { call, json } from '../../helpers/http';
import { cp, createOrganization, createOrgTenant, type Tenant } from './helpers';

const errorShape = { error: expect.any(String), error_description: expect.any(String), error_messages: expect.any(Array), error_details: expect.any(Object) };

describe('control plane: permissions', () => {
  let org: string;
  let t: Tenant;
  const req = (method: string, path: string, body?: unknown) => cp(org, t.appKey, method, path, body);
  beforeAll(async () => {
    org = await createOrganization();
    t = await createOrgTenant(org);
  });

  it('create (201 {dry_run:false, result}), get, update (PUT), delete (204)', async () => {
    const res = await req('POST', '/permissions', { name: 'reports:read', description: 'Read reports' });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toEqual({
      dry_run: false,
      result: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'reports:read', description: 'Read reports', created_at: expect.any(String), updated_at: expect.any(String) },
    });
    const id = body.result.id;
    expect(await json(await req('GET', `/permissions/${id}`))).toEqual(body.result);
    const put = await req('PUT', `/permissions/${id}`, { name: 'reports:view' });
    expect(put.status).toBe(200);
    expect(await json(put)).toEqual({ dry_run: false, result: { ...body.result, name: 'reports:view', description: '', updated_at: expect.any(String) } });
    expect((await req('DELETE', `/permissions/${id}`)).status).toBe(204);
    const gone = await req('GET', `/permissions/${id}`);
    expect(gone.status).toBe(404);
    expect(await json(gone)).toEqual({ ...errorShape, error: 'not_found' });
    expect((await req('PUT', `/permissions/${id}`, { name: 'x' })).status).toBe(404);
    expect((await req('DELETE', `/permissions/${id}`)).status).toBe(404);
  });

  it('dry runs validate and answer the would-be result without writing', async () => {
    const dry = await req('POST', '/permissions?dry_run=true', { name: 'dry:perm' });
    expect(dry.status).toBe(201); // as idp-server: the envelope's dry_run tells the two apart
    expect(await json(dry)).toMatchObject({ dry_run: true, result: { name: 'dry:perm', description: '' } });
    const list = await json(await req('GET', '/permissions?limit=1000'));
    expect(list.list.map((p: any) => p.name)).not.toContain('dry:perm');
    const real = (await json(await req('POST', '/permissions', { name: 'kept' }))).result;
    const dryPut = await json(await req('PUT', `/permissions/${real.id}?dry_run=true`, { name: 'renamed', description: 'new' }));
    expect(dryPut).toMatchObject({ dry_run: true, result: { id: real.id, name: 'renamed', description: 'new' } });
    expect(await json(await req('GET', `/permissions/${real.id}`))).toEqual(real);
    const dryDelete = await req('DELETE', `/permissions/${real.id}?dry_run=true`);
    expect(dryDelete.status).toBe(200);
    expect(await json(dryDelete)).toEqual({ dry_run: true, id: real.id, message: 'Deletion simulated successfully', result: real });
    expect((await req('GET', `/permissions/${real.id}`)).status).toBe(200);
    // A dry run still reports what would fail.
    expect((await req('POST', '/permissions?dry_run=true', { name: 'kept' })).status).toBe(409);
    expect((await req('DELETE', '/permissions/nope?dry_run=true')).status).toBe(404);
    expect((await req('POST', '/permissions?dry_run=maybe', { name: 'x' })).status).toBe(400);
  });

  it('names are unique within the tenant (409 conflict); bad bodies are 400 invalid_request with every message', async () => {
    const conflict = await req('POST', '/permissions', { name: 'all' });
    expect(conflict.status).toBe(409);
    expect(await json(conflict)).toMatchObject({ error: 'conflict' });
    const other = (await json(await req('POST', '/permissions', { name: 'other' }))).result;
    expect((await req('PUT', `/permissions/${other.id}`, { name: 'me' })).status).toBe(409);
    const bad = await req('POST', '/permissions', { name: 'x'.repeat(256), description: 7 });
    expect(bad.status).toBe(400);
    const body = await json(bad);
    expect(body).toEqual({ ...errorShape, error: 'invalid_request' });
    expect(body.error_messages.length).toBe(2);
    expect((await req('POST', '/permissions', {})).status).toBe(400);
    expect((await req('POST', '/permissions', { name: '   ' })).status).toBe(400);
    const malformed = await call(`/v1/management/organizations/${org}/tenants/${t.appKey}/permissions`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(malformed.status).toBe(400);
    expect(await json(malformed)).toMatchObject({ error: 'invalid_request' });
  });

  it('list: {list, total_count, limit, offset}, limit 1..1000 default 20, offset, Total-Number and Link headers', async () => {
    const u = await createOrgTenant(org, 'list');
    for (const name of ['p1', 'p2', 'p3']) expect((await cp(org, u.appKey, 'POST', '/permissions', { name })).status).toBe(201);
    const all = await cp(org, u.appKey, 'GET', '/permissions');
    const body = await json(all);
    expect(body).toMatchObject({ total_count: 5, limit: 20, offset: 0 });
    expect(body.list.map((p: any) => p.name)).toEqual(['all', 'me', 'p1', 'p2', 'p3']);
    expect(all.headers.get('Total-Number')).toBe('5');
    const page = await cp(org, u.appKey, 'GET', '/permissions?limit=2&offset=1');
    expect(await json(page)).toMatchObject({ list: [{ name: 'me' }, { name: 'p1' }], total_count: 5, limit: 2, offset: 1 });
    const link = page.headers.get('Link')!;
    expect(link).toContain('limit=2&offset=0>; rel="first"');
    expect(link).toContain('limit=2&offset=0>; rel="prev"');
    expect(link).toContain('limit=2&offset=3>; rel="next"');
    expect(link).toContain('limit=2&offset=4>; rel="last"');
    expect((await json(await cp(org, u.appKey, 'GET', '/permissions?offset=10'))).list).toEqual([]);
    for (const q of ['limit=0', 'limit=1001', 'offset=-1', 'limit=x']) {
      const res = await cp(org, u.appKey, 'GET', `/permissions?${q}`);
      expect(res.status, q).toBe(400);
      expect(await json(res)).toMatchObject({ error: 'invalid_request' });
    }
  });
});

describe('control plane: roles', () => {
  let org: string;
  let t: Tenant;
  let read: any;
  let write: any;
  const req = (method: string, path: string, body?: unknown) => cp(org, t.appKey, method, path, body);
  beforeAll(async () => {
    org = await createOrganization();
    t = await createOrgTenant(org);
    read = (await json(await req('POST', '/permissions', { name: 'docs:read', description: 'Read' }))).result;
    write = (await json(await req('POST', '/permissions', { name: 'docs:write' }))).result;
  });

  it('create (201), get, update (PUT replaces permissions), delete (204); permissions are {id, name, description}', async () => {
    const res = await req('POST', '/roles', { name: 'editor', description: 'Edits docs', permissions: [write.id, read.id] });
    expect(res.status).toBe(201);
    const { dry_run, result } = await json(res);
    expect(dry_run).toBe(false);
    expect(result).toEqual({
      id: expect.any(String),
      name: 'editor',
      description: 'Edits docs',
      permissions: [
        { id: read.id, name: 'docs:read', description: 'Read' },
        { id: write.id, name: 'docs:write', description: '' },
      ],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(await json(await req('GET', `/roles/${result.id}`))).toEqual(result);
    const put = await json(await req('PUT', `/roles/${result.id}`, { name: 'reader', permissions: [read.id] }));
    expect(put).toEqual({ dry_run: false, result: { ...result, name: 'reader', description: '', permissions: [{ id: read.id, name: 'docs:read', description: 'Read' }], updated_at: expect.any(String) } });
    expect((await json(await req('PUT', `/roles/${result.id}`, { name: 'reader', permissions: [] }))).result.permissions).toEqual([]);
    expect((await req('DELETE', `/roles/${result.id}`)).status).toBe(204);
    expect((await req('GET', `/roles/${result.id}`)).status).toBe(404);
    expect((await req('PUT', `/roles/${result.id}`, { name: 'x', permissions: [] })).status).toBe(404);
    expect((await req('DELETE', `/roles/${result.id}`)).status).toBe(404);
  });

  it('unknown permission ids are a 400 naming them; duplicate names 409; permissions and name are required', async () => {
    const bad = await req('POST', '/roles', { name: 'ghost', permissions: [read.id, 'missing-1', 'missing-2'] });
    expect(bad.status).toBe(400);
    const body = await json(bad);
    expect(body).toMatchObject({ error: 'invalid_request', error_details: { unknown_permissions: ['missing-1', 'missing-2'] } });
    expect(body.error_description).toContain('missing-1, missing-2');
    expect((await json(await req('GET', '/roles?limit=1000'))).list.map((r: any) => r.name)).not.toContain('ghost');
    expect((await req('POST', '/roles', { name: 'admin', permissions: [] })).status).toBe(409);
    expect((await req('POST', '/roles', { name: 'no-permissions' })).status).toBe(400);
    expect((await req('POST', '/roles', { permissions: [] })).status).toBe(400);
    expect((await req('POST', '/roles', { name: 'x', description: 'd'.repeat(256), permissions: [] })).status).toBe(400);
    const r = (await json(await req('POST', '/roles', { name: 'solo', permissions: [] }))).result;
    expect((await req('PUT', `/roles/${r.id}`, { name: 'member', permissions: [] })).status).toBe(409);
    expect((await req('PUT', `/roles/${r.id}`, { name: 'solo', permissions: ['missing-3'] })).status).toBe(400);
    expect((await json(await req('GET', `/roles/${r.id}`))).permissions).toEqual([]);
  });

  it('dry runs of create, update and delete answer the would-be role and write nothing', async () => {
    const before = await json(await req('GET', '/roles?limit=1000'));
    const dry = await req('POST', '/roles?dry_run=true', { name: 'dry-role', permissions: [read.id] });
    expect(dry.status).toBe(201);
    expect(await json(dry)).toMatchObject({ dry_run: true, result: { name: 'dry-role', permissions: [{ id: read.id }] } });
    expect(await json(await req('GET', '/roles?limit=1000'))).toEqual(before);
    const r = (await json(await req('POST', '/roles', { name: 'real', permissions: [read.id] }))).result;
    const dryPut = await json(await req('PUT', `/roles/${r.id}?dry_run=true`, { name: 'renamed', permissions: [write.id] }));
    expect(dryPut).toMatchObject({ dry_run: true, result: { id: r.id, name: 'renamed', permissions: [{ id: write.id }] } });
    expect(await json(await req('GET', `/roles/${r.id}`))).toEqual(r);
    expect(await json(await req('DELETE', `/roles/${r.id}?dry_run=true`))).toEqual({ dry_run: true, id: r.id, message: 'Deletion simulated successfully', result: r });
    expect(await json(await req('GET', `/roles/${r.id}`))).toEqual(r);
    expect((await req('PUT', `/roles/${r.id}?dry_run=true`, { name: 'x', permissions: ['missing'] })).status).toBe(400);
  });

  it('deleting a permission removes it from the roles holding it', async () => {
    const p = (await json(await req('POST', '/permissions', { name: 'temp' }))).result;
    const r = (await json(await req('POST', '/roles', { name: 'holder', permissions: [p.id, read.id] }))).result;
    expect((await req('DELETE', `/permissions/${p.id}`)).status).toBe(204);
    expect((await json(await req('GET', `/roles/${r.id}`))).permissions.map((x: any) => x.id)).toEqual([read.id]);
  });

  it('list pages with limit/offset and the paging headers', async () => {
    const u = await createOrgTenant(org, 'roles-list');
    const res = await cp(org, u.appKey, 'GET', '/roles?limit=1&offset=1');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ total_count: 2, limit: 1, offset: 1 });
    expect(body.list.map((r: any) => r.name)).toHaveLength(1);
    expect(res.headers.get('Total-Number')).toBe('2');
    expect(res.headers.get('Link')).toContain('rel="prev"');
    expect(res.headers.get('Link')).not.toContain('rel="next"');
    const names = (await json(await cp(org, u.appKey, 'GET', '/roles'))).list.map((r: any) => [r.name, r.permissions.map((p: any) => p.name)]);
    expect(names.sort()).toEqual([
      ['admin', ['all']],
      ['member', ['me']],
    ]);
  });

  it('the same role seen through the Role API, the Identity API and the control plane', async () => {
    const created = (await json(await req('POST', '/roles', { name: 'everywhere', description: 'one role', permissions: [read.id] }))).result;
    const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const viaRoleApi = await json(await call(`/role/v3.0/appkeys/${t.appKey}/roles/${created.id}`, { headers: h }));
    expect(viaRoleApi.header.isSuccessful).toBe(true);
    expect(viaRoleApi.role).toMatchObject({ roleId: created.id, roleName: 'everywhere', description: 'one role' });
    const viaIdentity = await json(await call(`/t/${t.appKey}/v1/roles/${created.id}`, { headers: h }));
    expect(viaIdentity).toMatchObject({ uuid: created.id, name: 'everywhere', description: 'one role', scopes: [{ uuid: read.id, name: 'docs:read' }], created_at: created.created_at });
    // A change through the Identity API shows in the control plane, and a Role API role appears there too.
    await call(`/t/${t.appKey}/v1/roles/${created.id}`, { method: 'PATCH', headers: h, body: JSON.stringify({ scope_uuids: [write.id] }) });
    expect((await json(await req('GET', `/roles/${created.id}`))).permissions.map((p: any) => p.name)).toEqual(['docs:write']);
    await call(`/role/v3.0/appkeys/${t.appKey}/roles`, { method: 'POST', headers: h, body: JSON.stringify({ role: { roleId: 'LEGACY-CP', roleName: 'Legacy', exposureOrder: 0 } }) });
    expect(await json(await req('GET', '/roles/LEGACY-CP'))).toMatchObject({ id: 'LEGACY-CP', name: 'Legacy', permissions: [] });
    // A Role API role without a roleName is named by its id (name is a string in idp-server's shape).
    await call(`/role/v3.0/appkeys/${t.appKey}/roles`, { method: 'POST', headers: h, body: JSON.stringify({ role: { roleId: 'NAMELESS-CP', exposureOrder: 0 } }) });
    expect(await json(await req('GET', '/roles/NAMELESS-CP'))).toMatchObject({ id: 'NAMELESS-CP', name: 'NAMELESS-CP', description: '', permissions: [] });
    expect((await req('DELETE', `/roles/${created.id}`)).status).toBe(204);
    expect((await json(await call(`/role/v3.0/appkeys/${t.appKey}/roles/${created.id}`, { headers: h }))).header.isSuccessful).toBe(false);
  });
});
