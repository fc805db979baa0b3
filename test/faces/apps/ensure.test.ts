import { beforeAll, describe, expect, it } from 'vitest';
import { admin, call, json } from '../../helpers/http';
import { apps, appsTenant, appsUser, type AppsTenant } from '../../helpers/apps';
import { expectCode } from '../../helpers/role-client';

describe('Apps API: /ensure', () => {
  let t: AppsTenant;
  let orgAdmin: { id: string; token: string };
  let editor: { id: string; token: string };

  beforeAll(async () => {
    t = await appsTenant();
    orgAdmin = await appsUser(t, 'ada', ['ORG_ADMIN']);
    editor = await appsUser(t, 'eve', ['EDITOR_ACC']);
    await admin('PUT', `/tenants/${t.appKey}/contracts/accounting`, { status: 'active' });
    await admin('PUT', `/tenants/${t.appKey}/contracts/payroll`, { status: 'active', endsAt: '2001-01-01T00:00:00Z' });
    await admin('POST', `/tenants/${t.appKey}/contracts/update`);
  });

  it('allowed when the account, organization, roles and contract all hold', async () => {
    const res = await apps(t, editor.token, 'POST', '/ensure', { organization_id: t.organizationId, required_roles: ['editor'], service_partition: 'accounting' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      allowed: true,
      reasons: [],
      client_id: t.clientId,
      account_id: editor.id,
      organization_id: t.organizationId,
      service_partition: 'accounting',
    });
    // An empty body asks only about the caller itself.
    expect((await json(await apps(t, editor.token, 'POST', '/ensure'))).allowed).toBe(true);
  });

  it('every failed condition is a reason', async () => {
    const res = await json(await apps(t, editor.token, 'POST', '/ensure', { organization_id: 'someone-else', required_roles: ['editor', 'viewer'], service_partition: 'payroll' }));
    expect(res.allowed).toBe(false);
    expect(res.reasons.map((r: any) => r.code)).toEqual(['organization_mismatch', 'role_missing', 'role_missing', 'contract_inactive']);
    expect(res.reasons.filter((r: any) => r.code === 'role_missing').map((r: any) => r.role)).toEqual(['editor', 'viewer']);
    const none = await json(await apps(t, editor.token, 'POST', '/ensure', { service_partition: 'hr' }));
    expect(none.reasons).toEqual([{ code: 'contract_not_found', message: expect.any(String) }]);
  });

  it('roles reached through role relations count; a later assignment is seen at once', async () => {
    expect((await json(await apps(t, editor.token, 'POST', '/ensure', { required_roles: ['viewer'], service_partition: 'accounting' }))).allowed).toBe(false);
    // EDITOR_ACC includes VIEWER_ACC (Role API role relation).
    expectCode(await t.roles.put('/roles/EDITOR_ACC', { role: { roleId: 'EDITOR_ACC', roleName: 'editor', roleGroup: 'accounting', exposureOrder: 0 }, roleRelations: [{ relatedRoleId: 'VIEWER_ACC' }] }), 0);
    expect((await json(await apps(t, editor.token, 'POST', '/ensure', { required_roles: ['viewer'], service_partition: 'accounting' }))).allowed).toBe(true);
  });

  it("a client's own token (a back end) asks about any account; without one, required roles are account_required", async () => {
    const m = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, {
        method: 'POST',
        headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'backend', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }),
      }),
    );
    const token = async () =>
      (
        await json(
          await call(`/t/${t.appKey}/oauth2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: 'client_credentials', client_id: m.client_id, client_secret: m.client_secret }).toString(),
          }),
        )
      ).access_token as string;
    // Not allowed yet: 403 before anything is answered.
    expect((await apps(t, await token(), 'POST', '/ensure', { account_id: editor.id })).status).toBe(403);
    expect((await admin('PUT', `/tenants/${t.appKey}/apps/allowed-clients/${m.client_id}`)).status).toBe(201);
    const backend = await token();
    const about = await json(await apps(t, backend, 'POST', '/ensure', { account_id: orgAdmin.id, required_roles: ['org_admin'] }));
    expect(about).toEqual({ allowed: true, reasons: [], client_id: m.client_id, account_id: orgAdmin.id, organization_id: t.organizationId, service_partition: null });
    const bare = await json(await apps(t, backend, 'POST', '/ensure', { required_roles: ['editor'], service_partition: 'accounting' }));
    expect(bare).toMatchObject({ allowed: false, account_id: null, reasons: [{ code: 'account_required', message: expect.any(String) }] });
    // Only the contract asked about: no account needed.
    expect(await json(await apps(t, backend, 'POST', '/ensure', { service_partition: 'accounting' }))).toMatchObject({ allowed: true, account_id: null });
  });

  it('bad input is 400 in the face format: partition syntax, too many roles, wrong types', async () => {
    for (const body of [{ service_partition: 'no spaces' }, { required_roles: Array.from({ length: 101 }, (_, i) => `r${i}`) }, { account_id: 7 }, { required_roles: [1] }]) {
      const res = await apps(t, editor.token, 'POST', '/ensure', body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect((await json(res)).error.code).toMatch(/^invalid/);
    }
  });

  it('about another account: organization admins may, plain users may not; disabled and unknown accounts are reasons', async () => {
    expect((await apps(t, editor.token, 'POST', '/ensure', { account_id: orgAdmin.id })).status).toBe(403);
    const aboutEditor = await json(await apps(t, orgAdmin.token, 'POST', '/ensure', { account_id: editor.id, required_roles: ['editor'], service_partition: 'accounting' }));
    expect(aboutEditor).toMatchObject({ allowed: true, account_id: editor.id });
    await call(`/t/${t.appKey}/v1/users/${editor.id}/disable`, { method: 'POST', headers: { 'x-secret-key': t.secretKey } });
    const disabled = await json(await apps(t, orgAdmin.token, 'POST', '/ensure', { account_id: editor.id }));
    expect(disabled.reasons.map((r: any) => r.code)).toEqual(['account_disabled']);
    const unknown = await json(await apps(t, orgAdmin.token, 'POST', '/ensure', { account_id: 'nobody' }));
    expect(unknown).toMatchObject({ allowed: false, reasons: [{ code: 'account_not_found', message: expect.any(String) }] });
  });
});
