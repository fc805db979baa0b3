import { describe, expect, it } from 'vitest';
import { createTenant } from '../helpers/http';
import { cp, createOrganization, createOrgTenant } from '../faces/control-plane/helpers';
import { expectStatus, identity } from '../helpers/identity-client';

/**
 * Names the Identity API and the control plane keep unique in a tenant (roles, permissions) hold
 * when the writes race: the check before a write cannot see a write still in flight, so the
 * batch itself refuses a second holder of the name (409 in the face's format, nothing written).
 */
describe('unique names under concurrent writes', () => {
  it('ten concurrent Identity API role creations with one name: exactly one 201, the rest 409, one role of that name', async () => {
    const t = await createTenant('race-role-names');
    const results = await Promise.all(Array.from({ length: 10 }, () => identity(t, 'POST', '/roles', { name: 'auditor' })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    for (const r of results.filter((r) => r.status === 409)) expect(await r.json()).toMatchObject({ type: expect.any(String), title: expect.any(String) });
    const listed = await expectStatus(identity(t, 'GET', '/roles?name=%22auditor%22'), 200);
    expect(listed.items).toHaveLength(1);
  });

  it('ten concurrent Identity API scope (permission) creations with one name: exactly one 201, the rest 409', async () => {
    const t = await createTenant('race-scope-names');
    const results = await Promise.all(Array.from({ length: 10 }, () => identity(t, 'POST', '/scopes', { name: 'reports', allowed_endpoints: [], denied_endpoints: [] })));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect((await expectStatus(identity(t, 'GET', '/scopes?name=%22reports%22'), 200)).items).toHaveLength(1);
  });

  it('concurrent renames of two roles to one name: one wins, the other is 409 and keeps its name', async () => {
    const t = await createTenant('race-role-rename');
    const a = await expectStatus(identity(t, 'POST', '/roles', { name: 'a' }), 201);
    const b = await expectStatus(identity(t, 'POST', '/roles', { name: 'b' }), 201);
    const [ra, rb] = await Promise.all([identity(t, 'PATCH', `/roles/${a.uuid}`, { name: 'same' }), identity(t, 'PATCH', `/roles/${b.uuid}`, { name: 'same' })]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const names = (await expectStatus(identity(t, 'GET', '/roles?per_page=200'), 200)).items.map((r: { name: string }) => r.name).sort();
    expect(names.filter((n: string) => n === 'same')).toHaveLength(1);
    expect(names).toContain(ra.status === 409 ? 'a' : 'b');
  });

  it('the control plane: ten concurrent role creations with one name answer one 201 and nine 409 conflict', async () => {
    const org = await createOrganization();
    const tenant = await createOrgTenant(org);
    const results = await Promise.all(Array.from({ length: 10 }, () => cp(org, tenant.appKey, 'POST', '/roles', { name: 'ops', permissions: [] })));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const r of results.filter((r) => r.status === 409)) expect(await r.json()).toMatchObject({ error: 'conflict' });
  });
});
