import { beforeAll, describe, expect, it } from 'vitest';
import { call, json } from '../../helpers/http';
import { bearer, cp, createOrganization, createOrgTenant, machineAccessToken, userAccessToken, type Tenant } from './helpers';

describe('control plane: who may call it', () => {
  let orgA: string;
  let orgB: string;
  let a1: Tenant;
  let a2: Tenant;
  let b1: Tenant;
  let loose: Tenant;
  beforeAll(async () => {
    orgA = await createOrganization('a');
    orgB = await createOrganization('b');
    a1 = await createOrgTenant(orgA, 'a1');
    a2 = await createOrgTenant(orgA, 'a2');
    b1 = await createOrgTenant(orgB, 'b1');
    loose = await createOrgTenant(null, 'loose');
  });

  it('no token, a wrong operator token or a tenant secret key is 401 in the idp-server error shape', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic dGVzdA==' }, { 'x-secret-key': a1.secretKey }] as Record<string, string>[]) {
      const res = await call(`/v1/management/organizations/${orgA}/tenants/${a1.appKey}/roles`, { headers });
      expect(res.status).toBe(401);
      expect(await json(res)).toEqual({ error: 'unauthorized', error_description: expect.any(String), error_messages: expect.any(Array), error_details: {} });
      expect(res.headers.get('WWW-Authenticate')).toContain('Bearer');
    }
  });

  it('the tenant must belong to the organization in the path (404, whoever asks)', async () => {
    for (const [org, tenant] of [
      [orgA, b1.appKey],
      [orgB, a1.appKey],
      [orgA, loose.appKey],
      [orgA, 'no-such-tenant'],
      ['no-such-org', a1.appKey],
    ]) {
      const res = await cp(org!, tenant!, 'GET', '/roles');
      expect(res.status, `${org}/${tenant}`).toBe(404);
      expect(await json(res)).toMatchObject({ error: 'not_found' });
      expect((await cp(org!, tenant!, 'POST', '/permissions', { name: 'x' })).status).toBe(404);
    }
    expect((await json(await cp(orgB, b1.appKey, 'GET', '/permissions'))).list.map((p: any) => p.name)).toEqual(['all', 'me']);
  });

  it('an access token of a user whose role holds `all` manages every tenant of its organization', async () => {
    const token = await userAccessToken(a1, 'admin', 'ada');
    const own = await cp(orgA, a1.appKey, 'POST', '/permissions', { name: 'from-a1' }, bearer(token));
    expect(own.status).toBe(201);
    const sibling = await cp(orgA, a2.appKey, 'POST', '/roles', { name: 'from-a1', permissions: [] }, bearer(token));
    expect(sibling.status).toBe(201);
    expect((await json(await cp(orgA, a2.appKey, 'GET', '/roles?limit=1000', undefined, bearer(token)))).list.map((r: any) => r.name)).toContain('from-a1');
  });

  it("another organization's token is 403 and learns nothing, even about its own tenant through the wrong organization", async () => {
    const token = await userAccessToken(b1, 'admin', 'bob');
    for (const [org, tenant] of [
      [orgA, a1.appKey],
      [orgA, 'no-such-tenant'],
      [orgA, b1.appKey],
    ]) {
      const res = await cp(org!, tenant!, 'GET', '/roles', undefined, bearer(token));
      expect(res.status, `${org}/${tenant}`).toBe(403);
      expect(await json(res)).toMatchObject({ error: 'forbidden', error_details: {} });
    }
    expect((await cp(orgA, a1.appKey, 'POST', '/roles', { name: 'intruder', permissions: [] }, bearer(token))).status).toBe(403);
    expect((await json(await cp(orgA, a1.appKey, 'GET', '/roles?limit=1000'))).list.map((r: any) => r.name)).not.toContain('intruder');
    // Its own organization works.
    expect((await cp(orgB, b1.appKey, 'GET', '/roles', undefined, bearer(token))).status).toBe(200);
  });

  it('a tenant outside any organization cannot issue management tokens', async () => {
    const token = await userAccessToken(loose, 'admin', 'lou');
    expect((await cp(orgA, a1.appKey, 'GET', '/roles', undefined, bearer(token))).status).toBe(403);
  });

  it('a user token without a permission for the endpoint gets 403 and writes nothing', async () => {
    const token = await userAccessToken(a1, 'member', 'mia');
    expect((await cp(orgA, a1.appKey, 'GET', '/roles', undefined, bearer(token))).status).toBe(403);
    const res = await cp(orgA, a1.appKey, 'POST', '/permissions', { name: 'by-member' }, bearer(token));
    expect(res.status).toBe(403);
    expect((await json(await cp(orgA, a1.appKey, 'GET', '/permissions?limit=1000'))).list.map((p: any) => p.name)).not.toContain('by-member');
  });

  it('a permission whose endpoint rules allow only reads lets its holder list but not write', async () => {
    const prefix = `/v1/management/organizations/${orgA}/tenants/*`;
    const h = { 'x-secret-key': a2.secretKey, 'content-type': 'application/json' };
    const scope = await json(
      await call(`/t/${a2.appKey}/v1/scopes`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'cp:read', allowed_endpoints: [{ method: 'GET', path: `${prefix}/**` }] }) }),
    );
    const role = await json(await call(`/t/${a2.appKey}/v1/roles`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'cp-reader', scope_uuids: [scope.uuid] }) }));
    const token = await userAccessToken(a2, 'member', 'rita');
    const me = await json(await call(`/t/${a2.appKey}/v1/me`, { headers: bearer(token) }));
    await call(`/t/${a2.appKey}/v1/users/${me.uuid}/roles`, { method: 'POST', headers: h, body: JSON.stringify({ role_uuid: role.uuid }) });
    expect((await cp(orgA, a1.appKey, 'GET', '/permissions', undefined, bearer(token))).status).toBe(200);
    expect((await cp(orgA, a1.appKey, 'POST', '/permissions', { name: 'by-reader' }, bearer(token))).status).toBe(403);
  });

  it('a machine client with scope `all` may manage; a token of a deleted or unknown issuer is 401', async () => {
    const token = await machineAccessToken(a1, ['all']);
    expect((await cp(orgA, a2.appKey, 'GET', '/permissions', undefined, bearer(token))).status).toBe(200);
    // A token whose issuer names a tenant that does not exist, or whose signature is not the tenant's.
    const [h, p] = token.split('.');
    const forged = `${h}.${btoa(JSON.stringify({ ...JSON.parse(atob(p!.replace(/-/g, '+').replace(/_/g, '/'))), iss: 'https://edge-iam.test/t/nobody' })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`;
    expect((await cp(orgA, a1.appKey, 'GET', '/roles', undefined, bearer(forged))).status).toBe(401);
    expect((await cp(orgA, a1.appKey, 'GET', '/roles', undefined, bearer(`${token.slice(0, -4)}AAAA`))).status).toBe(401);
  });

  it('the control plane is in /openapi.json', async () => {
    const doc = await json(await call('/openapi.json'));
    const paths = Object.keys(doc.paths);
    expect(paths).toContain('/v1/management/organizations/{organizationId}/tenants/{tenantId}/roles/{role-id}');
    expect(paths).toContain('/v1/management/organizations/{organizationId}/tenants/{tenantId}/permissions');
  });
});
