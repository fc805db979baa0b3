import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const origin = inject('origin');
const adminToken = inject('adminToken');

async function setupTenant() {
  const tenant = await (
    await fetch(`${origin}/admin/v1/tenants`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'e2e' }) })
  ).json();
  const mk = async (body: object) =>
    (await fetch(`${origin}/t/${tenant.appKey}/v1/oauth2-clients`, { method: 'POST', headers: { 'x-secret-key': tenant.secretKey, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
  const machine = await mk({ name: 'machine', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_basic' });
  return { tenant, machine, issuer: `${origin}/t/${tenant.appKey}` };
}

describe('token service against wrangler dev with real clients', () => {
  let ctx: Awaited<ReturnType<typeof setupTenant>>;
  beforeAll(async () => {
    ctx = await setupTenant();
  });

  it('openid-client: discovery and client_credentials; jose verifies the token with the remote JWKS', async () => {
    const config = await client.discovery(new URL(ctx.issuer), ctx.machine.client_id, ctx.machine.client_secret, client.ClientSecretBasic(ctx.machine.client_secret), {
      execute: [client.allowInsecureRequests],
    });
    expect(config.serverMetadata().issuer).toBe(ctx.issuer);
    const tokens = await client.clientCredentialsGrant(config);
    expect(tokens.token_type).toBe('bearer');
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${ctx.issuer}/.well-known/jwks.json`)), {
      issuer: ctx.issuer,
      audience: ctx.issuer,
      typ: 'at+jwt',
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload.client_id).toBe(ctx.machine.client_id);

    const introspected = await client.tokenIntrospection(config, tokens.access_token);
    expect(introspected.active).toBe(true);
    await client.tokenRevocation(config, tokens.access_token);
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  });

  it('oauth4webapi: the RFC 8414 well-known form names the same issuer', async () => {
    const issuer = new URL(ctx.issuer);
    const res = await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', [oauth.allowInsecureRequests]: true });
    const as = await oauth.processDiscoveryResponse(issuer, res);
    expect(as.issuer).toBe(ctx.issuer);
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
  });
});

describe('authorization code + PKCE through the real sign-in form, then refresh and userinfo', () => {
  it('openid-client drives the whole flow against wrangler dev', async () => {
    const { tenant, issuer } = await setupTenant();
    const redirectUri = 'http://127.0.0.1/callback';
    const headers = { 'x-secret-key': tenant.secretKey, 'content-type': 'application/json' };
    const spa = await (
      await fetch(`${origin}/t/${tenant.appKey}/v1/oauth2-clients`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'spa', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [redirectUri] }),
      })
    ).json();
    const user = await (await fetch(`${origin}/t/${tenant.appKey}/v1/users`, { method: 'POST', headers, body: JSON.stringify({ name: 'e2e-user', nickname: 'E2E', role_uuids: [] }) })).json();

    const config = await client.discovery(new URL(issuer), spa.client_id, undefined, client.None(), { execute: [client.allowInsecureRequests] });
    const verifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      state: 'e2e-state',
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    // The sign-in page, as a browser would use it: read the form, keep the cookie, post it back.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const fields = new URLSearchParams();
    for (const m of (await page.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
    fields.set('username', 'e2e-user');
    fields.set('password', user.password.temporary_password);
    const signedIn = await fetch(`${issuer}/oauth2/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: fields,
      redirect: 'manual',
    });
    expect(signedIn.status).toBe(303);
    const tokens = await client.authorizationCodeGrant(config, new URL(signedIn.headers.get('location')!), {
      pkceCodeVerifier: verifier,
      expectedState: 'e2e-state',
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()?.sub).toBe(user.uuid);
    const info = await client.fetchUserInfo(config, tokens.access_token, user.uuid);
    expect(info.preferred_username).toBe('e2e-user');
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toThrow();
  });
});
