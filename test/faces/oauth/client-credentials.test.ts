import { env } from 'cloudflare:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { EdgeIamRpc } from '../../../src/faces/rpc';
import { call, createTenant, json } from '../../helpers/http';

const ORIGIN = 'https://edge-iam.test';
/** oauth4webapi speaks to the Worker under test through its real fetch handler. */
const viaWorker = (url: string, init?: RequestInit) => call(new URL(url).pathname + new URL(url).search, init);
const options = { [oauth.customFetch]: viaWorker as typeof fetch };

async function newClient(appKey: string, secretKey: string, body: Record<string, unknown> = {}) {
  const res = await call(`/t/${appKey}/v1/oauth2-clients`, {
    method: 'POST',
    headers: { 'x-secret-key': secretKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'machine', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_basic', ...body }),
  });
  expect(res.status).toBe(201);
  return json(res);
}

const rpc = () => new EdgeIamRpc({ waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext, env);

describe('token service: discovery, JWKS, client_credentials, introspection, revocation', () => {
  let tenant: { appKey: string; secretKey: string };
  let issuer: string;
  let as: oauth.AuthorizationServer;
  let client: { client_id: string; client_secret: string };

  beforeAll(async () => {
    tenant = await createTenant('oauth');
    issuer = `${ORIGIN}/t/${tenant.appKey}`;
    const res = await oauth.discoveryRequest(new URL(issuer), { ...options, algorithm: 'oauth2' });
    as = await oauth.processDiscoveryResponse(new URL(issuer), res);
    client = await newClient(tenant.appKey, tenant.secretKey);
  });

  it('D-1/D-2/D-3: discovery documents agree; the issuer is byte-equal; only enabled grants are listed', async () => {
    expect(as.issuer).toBe(issuer);
    expect(as.token_endpoint).toBe(`${issuer}/oauth2/token`);
    expect(as.grant_types_supported).toEqual(['authorization_code', 'client_credentials', 'password', 'refresh_token']);
    const oidc = await json(await call(`/t/${tenant.appKey}/.well-known/openid-configuration`));
    const rfc8414 = await json(await call(`/.well-known/oauth-authorization-server/t/${tenant.appKey}`));
    expect(oidc).toEqual(as);
    expect(rfc8414).toEqual(as);
    expect((await call('/t/no-such-tenant/.well-known/openid-configuration')).status).toBe(404);
  });

  it('T-8/J-1: client_credentials with client_secret_basic gives an at+jwt access token and no refresh token', async () => {
    const res = await oauth.clientCredentialsGrantRequest(as, { client_id: client.client_id }, oauth.ClientSecretBasic(client.client_secret), new URLSearchParams(), options);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const tokens = await oauth.processClientCredentialsResponse(as, { client_id: client.client_id }, res);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.refresh_token).toBeUndefined();
    const jwks = (await json(await call(`/t/${tenant.appKey}/.well-known/jwks.json`))) as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, createLocalJWKSet(jwks), { issuer, audience: issuer, typ: 'at+jwt' });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: client.client_id, client_id: client.client_id });
    expect(payload.jti).toBeTruthy();
    expect(await rpc().verifyToken(tenant.appKey, tokens.access_token)).toMatchObject({ client_id: client.client_id });
  });

  it('D-4: the JWKS has public parameters only, with kid, alg and use', async () => {
    const res = await call(`/t/${tenant.appKey}/.well-known/jwks.json`);
    expect(res.headers.get('content-type')).toBe('application/jwk-set+json; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const { keys } = (await json(res)) as JSONWebKeySet;
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      expect(k).toMatchObject({ alg: 'ES256', use: 'sig', kty: 'EC' });
      expect(k.kid).toBeTruthy();
      expect(k).not.toHaveProperty('d');
    }
  });

  it('client_secret_post works; a wrong secret, an unknown client and query credentials are refused (T-3, T-5, C-5)', async () => {
    const post = await oauth.clientCredentialsGrantRequest(as, { client_id: client.client_id }, oauth.ClientSecretPost(client.client_secret), new URLSearchParams(), options);
    expect(post.status).toBe(200);
    const bad = await oauth.clientCredentialsGrantRequest(as, { client_id: client.client_id }, oauth.ClientSecretBasic('wrong'), new URLSearchParams(), options);
    expect(bad.status).toBe(401);
    expect(await json(bad)).toMatchObject({ error: 'invalid_client' });
    const unknown = await oauth.clientCredentialsGrantRequest(as, { client_id: 'nobody' }, oauth.ClientSecretBasic('x'), new URLSearchParams(), options);
    expect(unknown.status).toBe(401);
    const query = await call(`/t/${tenant.appKey}/oauth2/token?client_id=${client.client_id}&client_secret=${client.client_secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(query.status).toBe(400);
  });

  it('T-1/T-6/T-7/A-4: RFC 6749 errors for GET, non-form bodies, repeated and unsupported parameters', async () => {
    const basic = `Basic ${btoa(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`)}`;
    const token = (body: string, headers: Record<string, string> = {}) =>
      call(`/t/${tenant.appKey}/oauth2/token`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    expect((await call(`/t/${tenant.appKey}/oauth2/token`)).status).toBe(405);
    expect(await json(await token('{"grant_type":"client_credentials"}', { 'content-type': 'application/json' }))).toMatchObject({ error: 'invalid_request' });
    expect(await json(await token('grant_type=client_credentials&grant_type=client_credentials'))).toMatchObject({ error: 'invalid_request' });
    expect(await json(await token('grant_type=urn:nope'))).toMatchObject({ error: 'unsupported_grant_type' });
    expect(await json(await token('grant_type=client_credentials&scope=admin'))).toMatchObject({ error: 'invalid_scope' });
  });

  it('I-1..I-3, V-1..V-3: introspection and revocation', async () => {
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      { client_id: client.client_id },
      await oauth.clientCredentialsGrantRequest(as, { client_id: client.client_id }, oauth.ClientSecretBasic(client.client_secret), new URLSearchParams(), options),
    );
    const introspect = async (t: string) =>
      oauth.processIntrospectionResponse(as, { client_id: client.client_id }, await oauth.introspectionRequest(as, { client_id: client.client_id }, oauth.ClientSecretBasic(client.client_secret), t, options));
    expect(await introspect(tokens.access_token)).toMatchObject({ active: true, client_id: client.client_id, iss: issuer, token_type: 'Bearer' });
    expect(await introspect('garbage')).toEqual({ active: false });
    const anonymous = await call(`/t/${tenant.appKey}/oauth2/introspect`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${tokens.access_token}` });
    expect(anonymous.status).toBe(401);

    const revoked = await oauth.revocationRequest(as, { client_id: client.client_id }, oauth.ClientSecretBasic(client.client_secret), tokens.access_token, options);
    expect(revoked.status).toBe(200);
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    await expect(rpc().verifyToken(tenant.appKey, tokens.access_token)).rejects.toThrow(/invalid_token/);
    const again = await oauth.revocationRequest(as, { client_id: client.client_id }, oauth.ClientSecretBasic(client.client_secret), 'garbage', options);
    expect(again.status).toBe(200);
  });

  it('J-2/J-5/J-6: alg none, a tampered token and another tenant\'s token are rejected', async () => {
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      { client_id: client.client_id },
      await oauth.clientCredentialsGrantRequest(as, { client_id: client.client_id }, oauth.ClientSecretBasic(client.client_secret), new URLSearchParams(), options),
    );
    const [, payload] = tokens.access_token.split('.');
    const none = `${btoa(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: decodeProtectedHeader(tokens.access_token).kid })).replace(/=+$/, '')}.${payload}.`;
    await expect(rpc().verifyToken(tenant.appKey, none)).rejects.toThrow(/invalid_token/);
    const tampered = tokens.access_token.slice(0, -4) + (tokens.access_token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expect(rpc().verifyToken(tenant.appKey, tampered)).rejects.toThrow(/invalid_token/);
    const other = await createTenant('other');
    await expect(rpc().verifyToken(other.appKey, tokens.access_token)).rejects.toThrow(/invalid_token/);
  });
});

describe('Identity API: OAuth2 clients', () => {
  it('creates (secret shown once), lists with paging headers, gets, updates and deletes; no secret in reads', async () => {
    const t = await createTenant('clients');
    const created = await newClient(t.appKey, t.secretKey, { name: 'alpha' });
    expect(created.client_secret).toBeTruthy();
    await newClient(t.appKey, t.secretKey, { name: 'beta', grant_type: 'authorization_code', redirect_uris: ['https://app.example/cb'] });
    const headers = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const list = await call(`/t/${t.appKey}/v1/oauth2-clients?sort=name-&per_page=1`, { headers });
    expect(list.status).toBe(200);
    expect(list.headers.get('total-number')).toBe('2');
    expect(list.headers.get('link')).toContain('rel="next"');
    const body = await json(list);
    expect(body.items.map((c: any) => c.name)).toEqual(['beta']);
    expect(body.items[0]).toMatchObject({ grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] });
    const one = await json(await call(`/t/${t.appKey}/v1/oauth2-clients/${created.client_id}`, { headers }));
    expect(JSON.stringify(one)).not.toContain(created.client_secret);
    expect(one.secrets).toHaveLength(1);
    const patched = await call(`/t/${t.appKey}/v1/oauth2-clients/${created.client_id}`, { method: 'PATCH', headers, body: JSON.stringify({ name: 'renamed' }) });
    expect((await json(patched)).name).toBe('renamed');
    expect((await call(`/t/${t.appKey}/v1/oauth2-clients/${created.client_id}`, { method: 'DELETE', headers })).status).toBe(204);
    expect((await call(`/t/${t.appKey}/v1/oauth2-clients/${created.client_id}`, { headers })).status).toBe(404);
  });

  it('refuses a missing or foreign secret key, and validates input', async () => {
    const a = await createTenant('a');
    const b = await createTenant('b');
    const created = await newClient(a.appKey, a.secretKey);
    expect((await call(`/t/${a.appKey}/v1/oauth2-clients`)).status).toBe(401);
    expect((await call(`/t/${a.appKey}/v1/oauth2-clients/${created.client_id}`, { headers: { 'x-secret-key': b.secretKey } })).status).toBe(401);
    expect((await call(`/t/${b.appKey}/v1/oauth2-clients/${created.client_id}`, { headers: { 'x-secret-key': b.secretKey } })).status).toBe(404);
    const bad = await call(`/t/${a.appKey}/v1/oauth2-clients`, {
      method: 'POST',
      headers: { 'x-secret-key': a.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', grant_type: 'client_credentials', token_endpoint_auth_method: 'none' }),
    });
    expect(bad.status).toBe(400);
  });
});
