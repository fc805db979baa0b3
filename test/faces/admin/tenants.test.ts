import { describe, expect, it } from 'vitest';
import { admin, call, json } from '../../helpers/http';
import { expectCode, RoleClient } from '../../helpers/role-client';

describe('operator API', () => {
  it('refuses requests without the operator token', async () => {
    expect((await call('/admin/v1/tenants')).status).toBe(401);
    const wrong = await call('/admin/v1/tenants', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toEqual({ error: { code: 'unauthorized', message: 'a valid operator token is required' } });
  });

  it('creates a tenant with a random URL-safe appKey and a secret shown once', async () => {
    const res = await admin('POST', '/tenants', { name: 'Acme' });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ name: 'Acme', organizationId: null });
    expect(body.appKey).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(body.secretKey.length).toBeGreaterThanOrEqual(40);
    expect(typeof body.createdAt).toBe('string');

    const fetched = await json(await admin('GET', `/tenants/${body.appKey}`));
    expect(fetched).not.toHaveProperty('secretKey');
    expect(JSON.stringify(fetched)).not.toContain(body.secretKey);
  });

  it('takes a caller-chosen appKey, validates it and refuses duplicates', async () => {
    expect((await admin('POST', '/tenants', { name: 'x', appKey: 'chosen-key' })).status).toBe(201);
    expect((await admin('POST', '/tenants', { name: 'x', appKey: 'chosen-key' })).status).toBe(409);
    expect((await admin('POST', '/tenants', { name: 'x', appKey: 'bad key!' })).status).toBe(400);
    expect((await admin('POST', '/tenants', { name: 'x', appKey: '-x' })).status).toBe(400);
    expect((await admin('POST', '/tenants', {})).status).toBe(400);
  });

  it('manages organizations and their tenants', async () => {
    const org = await json(await admin('POST', '/organizations', { name: 'Org', id: 'org-one' }));
    expect(org).toMatchObject({ id: 'org-one', name: 'Org' });
    const t = await json(await admin('POST', '/tenants', { name: 'in org', organizationId: 'org-one' }));
    expect(t.organizationId).toBe('org-one');
    expect((await admin('POST', '/tenants', { name: 'x', organizationId: 'nope' })).status).toBe(404);

    const list = await admin('GET', '/tenants?organizationId=org-one');
    expect(list.headers.get('total-number')).toBe('1');
    expect((await json(list)).items.map((i: any) => i.appKey)).toEqual([t.appKey]);

    expect((await admin('DELETE', '/organizations/org-one')).status).toBe(409);
    expect((await json(await admin('PATCH', '/organizations/org-one', { name: 'Renamed' }))).name).toBe('Renamed');
    expect((await admin('PATCH', `/tenants/${t.appKey}`, { name: 'moved', organizationId: null })).status).toBe(200);
    expect((await admin('DELETE', '/organizations/org-one')).status).toBe(204);
    expect((await admin('GET', '/organizations/org-one')).status).toBe(404);
  });

  it('pages lists with Total-Number and Link headers', async () => {
    for (let i = 0; i < 3; i++) await admin('POST', '/organizations', { name: `o${i}` });
    const res = await admin('GET', '/organizations?page=2&page_size=1');
    expect(res.headers.get('total-number')).toBe('3');
    const link = res.headers.get('link')!;
    expect(link).toContain('rel="first"');
    expect(link).toContain('rel="prev"');
    expect(link).toContain('rel="next"');
    expect(link).toContain('page=3');
    expect((await json(res)).items).toHaveLength(1);
  });

  it('rotates a secret: the old one stops working, the new one works', async () => {
    const api = await RoleClient.forNewTenant();
    const rotated = await json(await admin('POST', `/tenants/${api.appKey}/secret-key/rotate`));
    expect(rotated.secretKey).not.toBe(api.secretKey);
    expectCode(await api.get('/scopes/ALL'), 401);
    expectCode(await new RoleClient(api.appKey, rotated.secretKey).get('/scopes/ALL'), 0);
  });

  it('deletes a tenant with all its data', async () => {
    const api = await RoleClient.forNewTenant();
    expectCode(await api.post('/scopes', { scopeId: 'gone' }), 0);
    expect((await admin('DELETE', `/tenants/${api.appKey}`)).status).toBe(204);
    expect((await admin('GET', `/tenants/${api.appKey}`)).status).toBe(404);
    expectCode(await api.get('/scopes/gone'), 401);
  });
});
