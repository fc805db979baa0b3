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
