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
