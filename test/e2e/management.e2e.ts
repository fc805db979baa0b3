import * as client from 'openid-client';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const origin = inject('origin');
const adminToken = inject('adminToken');
const operator = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };

async function post(url: string, headers: Record<string, string>, body: unknown) {
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('management APIs against wrangler dev', () => {
  let org: { id: string };
  let tenant: { appKey: string; secretKey: string };
  let secret: Record<string, string>;
  beforeAll(async () => {
    org = (await post(`${origin}/admin/v1/organizations`, operator, { name: 'e2e-org' })).body;
    tenant = (await post(`${origin}/admin/v1/tenants`, operator, { name: 'e2e-mgmt', organizationId: org.id })).body;
    secret = { 'x-secret-key': tenant.secretKey, 'content-type': 'application/json' };
  });

  it('Logto-style machine access: a client_credentials client with scope `all` (openid-client) drives user management', async () => {
    const machine = await post(`${origin}/t/${tenant.appKey}/v1/oauth2-clients`, secret, {
      name: 'manager',
      grant_type: 'client_credentials',
      token_endpoint_auth_method: 'client_secret_basic',
      scopes: ['all'],
    });
    expect(machine.status).toBe(201);
    const config = await client.discovery(new URL(`${origin}/t/${tenant.appKey}`), machine.body.client_id, machine.body.client_secret, client.ClientSecretBasic(machine.body.client_secret), {
      execute: [client.allowInsecureRequests],
    });
    const { access_token } = await client.clientCredentialsGrant(config, { scope: 'all' });
    const h = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
    const names = ['ada', 'bob', 'cy'];
    for (const name of names) expect((await post(`${origin}/t/${tenant.appKey}/v1/users`, h, { name, role_uuids: [] })).status).toBe(201);
    const first = await fetch(`${origin}/t/${tenant.appKey}/v1/users?per_page=2`, { headers: h });
    expect(first.headers.get('total-number')).toBe('3');
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toBeTruthy();
    expect(next!.startsWith(`${origin}/`)).toBe(true);
    const second = await (await fetch(next!, { headers: h })).json();
    expect(second.items.map((u: { name: string }) => u.name)).toEqual(['cy']);
    const plain = await fetch(`${origin}/t/${tenant.appKey}/v1/users`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(plain.status).toBe(401);
  });

  it('one role seen through the control plane, the Identity API and the Role API', async () => {
    const cp = `${origin}/v1/management/organizations/${org.id}/tenants/${tenant.appKey}`;
    const permission = await post(`${cp}/permissions`, operator, { name: 'reports:read', description: 'read reports' });
    expect(permission.status).toBe(201);
    const permissionId = permission.body.result?.id ?? permission.body.id;
    const role = await post(`${cp}/roles`, operator, { name: 'reporter', description: 'reads reports', permissions: [permissionId] });
    expect(role.status).toBe(201);
    const roleId = role.body.result?.id ?? role.body.id;

    const viaIdentity = await (await fetch(`${origin}/t/${tenant.appKey}/v1/roles/${roleId}`, { headers: secret })).json();
    expect(viaIdentity).toMatchObject({ uuid: roleId, name: 'reporter' });
    expect(JSON.stringify(viaIdentity.scopes)).toContain(permissionId);
    const viaRoleApi = await (await fetch(`${origin}/role/v3.0/appkeys/${tenant.appKey}/roles/${roleId}`, { headers: secret })).json();
    expect(viaRoleApi.header.isSuccessful).toBe(true);
    expect(viaRoleApi.role).toMatchObject({ roleId, roleName: 'reporter', description: 'reads reports' });
    const viaControlPlane = await (await fetch(`${cp}/roles/${roleId}`, { headers: operator })).json();
    expect(viaControlPlane).toMatchObject({ id: roleId, name: 'reporter' });

    // A user holding it passes the HTTP check for what the permission allows, and nothing else.
    const scope = await (await fetch(`${origin}/t/${tenant.appKey}/v1/scopes/${permissionId}`, { method: 'PATCH', headers: secret, body: JSON.stringify({ allowed_endpoints: [{ method: 'GET', path: '/reports/**' }] }) })).json();
    expect(scope.allowed_endpoints).toEqual([{ method: 'GET', path: '/reports/**' }]);
    const user = await post(`${origin}/t/${tenant.appKey}/v1/users`, secret, { name: 'rita', role_uuids: [roleId] });
    const check = (path: string, method = 'GET') => post(`${origin}/t/${tenant.appKey}/v1/authorization/http`, secret, { subject: user.body.uuid, scopes: ['reports:read'], path, method });
    expect((await check('/reports/2026')).body).toEqual({ result: true });
    expect((await check('/reports/2026', 'DELETE')).body).toEqual({ result: false });
    expect((await check('/billing')).body).toEqual({ result: false });
  });
});
