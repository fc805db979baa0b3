import { beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant } from '../helpers/http';
import { apps, appsTenant, appsUser, passwordToken } from '../helpers/apps';
import { apiTokenOf, createUser, expectStatus, identity, type Tenant } from '../helpers/identity-client';
import { cp, createOrganization, createOrgTenant, userAccessToken } from '../faces/control-plane/helpers';

/**
 * H-3 (RFC 6750 §3): a Bearer request that fails says why in `WWW-Authenticate` — 401 with
 * `error="invalid_token"` for a token that is not a valid token here, 403 with
 * `error="insufficient_scope"` for a valid token that may not do this — on every Bearer face.
 */
const challenge = (res: Response, error: 'invalid_token' | 'insufficient_scope') => {
  const header = res.headers.get('www-authenticate') ?? '';
  expect(header, `WWW-Authenticate of a ${res.status}`).toMatch(/^Bearer\b/);
  expect(header).toMatch(new RegExp(`(^Bearer |, )error="${error}"`));
};

// A syntactically plausible JWT that no tenant signed.
const FORGED = `${btoa(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: 'nope' })).replace(/=+$/, '')}.${btoa(JSON.stringify({ sub: 'x', iss: 'https://edge-iam.test/t/x' })).replace(/=+$/, '')}.c2ln`;

describe('H-3: Bearer errors carry WWW-Authenticate with invalid_token (401) or insufficient_scope (403)', () => {
  let t: Tenant;
  let other: Tenant;
  let noRolesToken: string;
  let otherTenantToken: string;

  beforeAll(async () => {
    t = await createTenant('h3');
    other = await createTenant('h3-other');
    const bare = await createUser(t, 'no-roles', []);
    noRolesToken = await apiTokenOf(t, bare.uuid);
    const stranger = await createUser(other, 'stranger', []);
    otherTenantToken = await apiTokenOf(other, stranger.uuid);
  });

  it('Identity API: garbage, forged and other-tenant tokens are 401 invalid_token; a token without the permission is 403 insufficient_scope', async () => {
    for (const token of ['garbage', FORGED, otherTenantToken]) {
      const res = await identity(t, 'GET', '/users', undefined, token);
      expect(res.status).toBe(401);
      challenge(res, 'invalid_token');
    }
    const forbidden = await identity(t, 'GET', '/users', undefined, noRolesToken);
    expect(forbidden.status).toBe(403);
    challenge(forbidden, 'insufficient_scope');
    expect((await expectStatus(identity(t, 'GET', '/users', undefined, noRolesToken), 403)).type).toBe('forbidden');
  });

  it('RFC 6750 §3.1: a 401 without any token presented carries a bare Bearer challenge, no error code', async () => {
    const identityRes = await call(`/t/${t.appKey}/v1/users`);
    expect(identityRes.status).toBe(401);
    expect(identityRes.headers.get('www-authenticate')).toBe('Bearer');
    const at = await appsTenant();
    const appsRes = await call(`/t/${at.appKey}/apps/v1/me`);
    expect(appsRes.status).toBe(401);
    expect(appsRes.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('Apps API: a bad token is 401 invalid_token; a client not on the allow-list is 403 insufficient_scope', async () => {
    const at = await appsTenant();
    for (const token of ['garbage', FORGED]) {
      const res = await apps(at, token, 'GET', '/me');
      expect(res.status).toBe(401);
      challenge(res, 'invalid_token');
    }
    await appsUser(at, 'allowed-user');
    const secret = { 'x-secret-key': at.secretKey, 'content-type': 'application/json' };
    const client = await expectStatus(call(`/t/${at.appKey}/v1/oauth2-clients`, { method: 'POST', headers: secret, body: JSON.stringify({ name: 'not-allowed', grant_type: 'password', token_endpoint_auth_method: 'none' }) }), 201);
    const user = await expectStatus(call(`/t/${at.appKey}/v1/users`, { method: 'POST', headers: secret, body: JSON.stringify({ name: 'dan', role_uuids: [] }) }), 201);
    const token = await passwordToken(at, client.client_id, 'dan', user.password.temporary_password);
    const res = await apps(at, token, 'GET', '/me');
    expect(res.status).toBe(403);
    challenge(res, 'insufficient_scope');
  });

  it('userinfo: a missing, garbage, forged or other-tenant token is 401 invalid_token', async () => {
    const ct = await createOrgTenant(null, 'h3-userinfo');
    const foreign = await userAccessToken(await createOrgTenant(null, 'h3-userinfo-other'), 'member', 'foreigner');
    for (const token of [null, 'garbage', FORGED, foreign]) {
      const res = await call(`/t/${ct.appKey}/oauth2/userinfo`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect(res.status).toBe(401);
      challenge(res, 'invalid_token');
    }
  });

  it('control plane: a bad token is 401 invalid_token; a token of another organization or without the permission is 403 insufficient_scope', async () => {
    const orgA = await createOrganization('h3-a');
    const orgB = await createOrganization('h3-b');
    const a = await createOrgTenant(orgA, 'h3-a1');
    const b = await createOrgTenant(orgB, 'h3-b1');
    for (const token of ['garbage', FORGED]) {
      const res = await cp(orgA, a.appKey, 'GET', '/roles', undefined, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      challenge(res, 'invalid_token');
    }
    // Without any token: the bare challenge, no error code (RFC 6750 §3.1).
    const none = await cp(orgA, a.appKey, 'GET', '/roles', undefined, {});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    expect(none.headers.get('www-authenticate')).not.toContain('error=');
    const otherOrg = await cp(orgA, a.appKey, 'GET', '/roles', undefined, { authorization: `Bearer ${await userAccessToken(b, 'admin', 'bea')}` });
    expect(otherOrg.status).toBe(403);
    challenge(otherOrg, 'insufficient_scope');
    const member = await cp(orgA, a.appKey, 'GET', '/roles', undefined, { authorization: `Bearer ${await userAccessToken(a, 'member', 'max')}` });
    expect(member.status).toBe(403);
    challenge(member, 'insufficient_scope');
  });
});
