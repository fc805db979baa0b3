import { beforeAll, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:test';
import { admin, call, json } from '../../helpers/http';
import { allowedMachineToken, apps, appsTenant, appsUser, passwordToken, PNG, type AppsTenant } from '../../helpers/apps';
import { userAccessToken } from '../control-plane/helpers';

const secret = (t: { secretKey: string }) => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });

describe('Apps API: who may call it', () => {
  let t: AppsTenant;
  let alice: { id: string; token: string };

  beforeAll(async () => {
    t = await appsTenant();
    alice = await appsUser(t, 'alice');
  });

  it('an allowed client with a user token reaches /me; the error shape is {error: {code, message}}', async () => {
    const me = await apps(t, alice.token, 'GET', '/me');
    expect(me.status).toBe(200);
    expect((await json(me)).account_id).toBe(alice.id);
    const none = await apps(t, null, 'GET', '/me');
    expect(none.status).toBe(401);
    // RFC 6750 §3.1: no token presented, no error code in the challenge.
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await json(none)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const garbage = await apps(t, 'garbage', 'GET', '/me');
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('J-6: a token of another tenant (whose client is allowed there) is 401 here', async () => {
    const other = await appsTenant();
    const bob = await appsUser(other, 'bob');
    expect((await apps(other, bob.token, 'GET', '/me')).status).toBe(200);
    for (const path of ['/me', '/users', '/organizations', `/users/${bob.id}`]) {
      const res = await apps(t, bob.token, 'GET', path);
      expect(res.status).toBe(401);
      expect((await json(res)).error.code).toBe('unauthorized');
    }
  });

  it('a client that is not on the allow-list gets 403, and is let in once allowed, out once removed', async () => {
    const c = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: secret(t), body: JSON.stringify({ name: 'other-app', grant_type: 'password', token_endpoint_auth_method: 'none' }) }),
    );
    const u = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: secret(t), body: JSON.stringify({ name: 'carol', role_uuids: [] }) }));
    const token = await passwordToken(t, c.client_id, 'carol', u.password.temporary_password);
    const denied = await apps(t, token, 'GET', '/me');
    expect(denied.status).toBe(403);
    expect(await json(denied)).toEqual({ error: { code: 'forbidden', message: 'this client is not allowed to use the Apps API of this tenant' } });

    // Through the Identity API (the tenant's secret key), as the tenant's administrator would.
    const added = await call(`/t/${t.appKey}/v1/apps/allowed-clients`, { method: 'POST', headers: secret(t), body: JSON.stringify({ client_id: c.client_id }) });
    expect(added.status).toBe(201);
    expect((await apps(t, token, 'GET', '/me')).status).toBe(200);
    const again = await call(`/t/${t.appKey}/v1/apps/allowed-clients`, { method: 'POST', headers: secret(t), body: JSON.stringify({ client_id: c.client_id }) });
    expect(again.status).toBe(200);
    const listed = await call(`/t/${t.appKey}/v1/apps/allowed-clients?per_page=1`, { headers: secret(t) });
    expect(listed.headers.get('total-number')).toBe('2');
    expect(listed.headers.get('link')).toContain('rel="next"');
    expect((await json(listed)).items).toEqual([{ client_id: expect.any(String), created_at: expect.any(String) }]);
    expect((await call(`/t/${t.appKey}/v1/apps/allowed-clients/${c.client_id}`, { method: 'DELETE', headers: secret(t) })).status).toBe(204);
    expect((await apps(t, token, 'GET', '/me')).status).toBe(403);
    expect((await call(`/t/${t.appKey}/v1/apps/allowed-clients/${c.client_id}`, { method: 'DELETE', headers: secret(t) })).status).toBe(404);
  });

  it('deleting a client removes it from the allow-list', async () => {
    const c = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: secret(t), body: JSON.stringify({ name: 'short-lived-app', grant_type: 'password', token_endpoint_auth_method: 'none' }) }),
    );
    expect((await call(`/t/${t.appKey}/v1/apps/allowed-clients`, { method: 'POST', headers: secret(t), body: JSON.stringify({ client_id: c.client_id }) })).status).toBe(201);
    expect((await call(`/t/${t.appKey}/v1/oauth2-clients/${c.client_id}`, { method: 'DELETE', headers: secret(t) })).status).toBe(204);
    const listed = await json(await admin('GET', `/tenants/${t.appKey}/apps/allowed-clients?page_size=100`));
    expect(listed.items.map((i: any) => i.clientId)).not.toContain(c.client_id);
  });

  it('the operator API manages the allow-list too; unknown clients and tenants are 404', async () => {
    const list = await admin('GET', `/tenants/${t.appKey}/apps/allowed-clients`);
    expect(list.status).toBe(200);
    expect((await json(list)).items.map((i: any) => i.clientId)).toContain(t.clientId);
    expect(list.headers.get('total-number')).not.toBeNull();
    expect((await admin('PUT', `/tenants/${t.appKey}/apps/allowed-clients/no-such-client`)).status).toBe(404);
    expect((await admin('PUT', `/tenants/no-such-tenant/apps/allowed-clients/${t.clientId}`)).status).toBe(404);
    // A member's token may not change the allow-list through the Identity API.
    expect((await call(`/t/${t.appKey}/v1/apps/allowed-clients`, { headers: { authorization: `Bearer ${alice.token}` } })).status).toBe(403);
  });

  it('unknown routes and bad input answer in the same error shape', async () => {
    const missing = await apps(t, alice.token, 'GET', '/nope');
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ error: { code: 'not_found', message: 'no such Apps API route' } });
    const bad = await apps(t, alice.token, 'POST', '/ensure', { required_roles: 'editor' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toEqual({ code: 'invalid', message: expect.stringContaining('required_roles') });
    const paging = await apps(t, alice.token, 'GET', '/users?page_size=0');
    expect(paging.status).toBe(400);
    expect((await json(paging)).error.code).toBe('invalid');
    const malformed = await call(`/t/${t.appKey}/apps/v1/ensure`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' }, body: '{' });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error.code).toBe('invalid');
  });

  it("a client's own token (client credentials) sees the organization but has no /me and no users", async () => {
    const { clientId, token: machine } = await allowedMachineToken(t);
    const org = await apps(t, machine, 'GET', '/organizations');
    expect(org.status).toBe(200);
    expect((await json(org)).organization_id).toBe(t.organizationId);
    expect((await apps(t, machine, 'GET', '/me')).status).toBe(403);
    expect((await apps(t, machine, 'GET', '/users')).status).toBe(403);

    // J-7: a Role API user whose id is the client id (and who holds org_admin) lends the client nothing.
    const res = await call(`/role/v3.0/appkeys/${t.appKey}/users`, {
      method: 'POST',
      headers: secret(t),
      body: JSON.stringify({ users: [{ userId: clientId, roleRelations: [{ roleId: 'ORG_ADMIN', scopeId: 'ALL' }] }] }),
    });
    expect((await json(res)).header.resultCode).toBe(0);
    expect((await apps(t, machine, 'GET', '/users')).status).toBe(403);
    expect((await apps(t, machine, 'PUT', '/organizations/images/logo', PNG, { 'content-type': 'image/png' })).status).toBe(403);
    expect(await json(await apps(t, machine, 'POST', '/ensure'))).toMatchObject({ allowed: true, account_id: null, client_id: clientId });
  });

  it('/organizations: the organization of the tenant; a tenant without one answers 404', async () => {
    const org = await json(await apps(t, alice.token, 'GET', '/organizations'));
    expect(org).toEqual({ organization_id: t.organizationId, name: expect.stringMatching(/^Acme/), has_logo: false, created_at: expect.any(String), updated_at: expect.any(String) });
    const lone = await appsTenant({ organization: false });
    const u = await appsUser(lone, 'dave');
    const res = await apps(lone, u.token, 'GET', '/organizations');
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('organization.not_found');
  });
});

describe('Apps API: the allow-list is the organization’s', () => {
  it("a sibling tenant's allowed client, of the same organization, is 401 here: an allowed app reaches only its own tenant's data", async () => {
    const a = await appsTenant();
    const sibling = await json(await admin('POST', '/tenants', { name: 'sibling', organizationId: a.organizationId }));
    const siblingClient = await json(
      await call(`/t/${sibling.appKey}/v1/oauth2-clients`, { method: 'POST', headers: secret(sibling), body: JSON.stringify({ name: 'app', grant_type: 'password', token_endpoint_auth_method: 'none' }) }),
    );
    expect((await admin('PUT', `/tenants/${sibling.appKey}/apps/allowed-clients/${siblingClient.client_id}`)).status).toBe(201);
    const u = await json(await call(`/t/${sibling.appKey}/v1/users`, { method: 'POST', headers: secret(sibling), body: JSON.stringify({ name: 'sia', role_uuids: [] }) }));
    const token = await passwordToken(sibling, siblingClient.client_id, 'sia', u.password.temporary_password);
    expect((await apps(sibling, token, 'GET', '/me')).status).toBe(200);
    for (const path of ['/me', '/organizations', '/users']) expect((await apps(a, token, 'GET', path)).status, path).toBe(401);
    // And a's allow-list cannot name the sibling's client.
    expect((await admin('PUT', `/tenants/${a.appKey}/apps/allowed-clients/${siblingClient.client_id}`)).status).toBe(404);
  });

  it("the tenant's administrator (a user whose role holds `all`) manages the allow-list with its own token through the Identity API", async () => {
    const t = await appsTenant({ allow: false });
    const u = await appsUser(t, 'una');
    expect((await apps(t, u.token, 'GET', '/me')).status).toBe(403);
    const adminToken = await userAccessToken(t, 'admin', 'root');
    const h = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    expect((await call(`/t/${t.appKey}/v1/apps/allowed-clients`, { method: 'POST', headers: h, body: JSON.stringify({ client_id: t.clientId }) })).status).toBe(201);
    expect((await apps(t, u.token, 'GET', '/me')).status).toBe(200);
    expect((await call(`/t/${t.appKey}/v1/apps/allowed-clients/${t.clientId}`, { method: 'DELETE', headers: h })).status).toBe(204);
    expect((await apps(t, u.token, 'GET', '/me')).status).toBe(403);
  });

  it('moving the tenant to another organization (or out of one) empties its allow-list; a rename keeps it', async () => {
    const t = await appsTenant();
    const u = await appsUser(t, 'mo');
    expect((await admin('PATCH', `/tenants/${t.appKey}`, { name: 'renamed', organizationId: t.organizationId })).status).toBe(200);
    expect((await apps(t, u.token, 'GET', '/me')).status).toBe(200);

    const other = await json(await admin('POST', '/organizations', { name: 'Elsewhere' }));
    expect((await admin('PATCH', `/tenants/${t.appKey}`, { organizationId: other.id })).status).toBe(200);
    const refused = await apps(t, u.token, 'GET', '/organizations');
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe('forbidden');
    expect((await json(await admin('GET', `/tenants/${t.appKey}/apps/allowed-clients`))).items).toEqual([]);
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM app_allowed_clients WHERE tenant_id = ?').bind(t.appKey).first())!.n).toBe(0);

    // The new organization's administrator allows it again.
    expect((await admin('PUT', `/tenants/${t.appKey}/apps/allowed-clients/${t.clientId}`)).status).toBe(201);
    expect((await json(await apps(t, u.token, 'GET', '/organizations'))).organization_id).toBe(other.id);
    expect((await admin('PATCH', `/tenants/${t.appKey}`, { organizationId: null })).status).toBe(200);
    expect((await apps(t, u.token, 'GET', '/me')).status).toBe(403);
  });
});
