import { env } from 'cloudflare:test';
import { SignJWT, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { EdgeIamRpc } from '../../../src/faces/rpc';
import { call, createTenant, json } from '../../helpers/http';

/** Security checklist items of the token service without a home in the flow tests. */
describe('token service checklist', () => {
  let t: { appKey: string; secretKey: string };
  let a: { client_id: string; client_secret: string };
  let b: { client_id: string; client_secret: string };
  const form = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    call(`/t/${t.appKey}/oauth2/${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(body).toString() });
  const basic = (id: string, secret: string) => ({ authorization: `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}` });

  beforeAll(async () => {
    t = await createTenant('checklist');
    const mk = async (name: string) =>
      json(
        await call(`/t/${t.appKey}/v1/oauth2-clients`, {
          method: 'POST',
          headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
          body: JSON.stringify({ name, grant_type: 'password', token_endpoint_auth_method: 'client_secret_basic' }),
        }),
      );
    a = await mk('a');
    b = await mk('b');
    await json(
      await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'kim', role_uuids: [] }) }),
    );
  });

  async function userTokens(client: { client_id: string; client_secret: string }) {
    const reset = await json(
      await call(`/t/${t.appKey}/v1/users?name=%22kim%22`, { headers: { 'x-secret-key': t.secretKey } }),
    );
    const uuid = reset.items[0].uuid;
    const tmp = await json(await call(`/t/${t.appKey}/v1/users/${uuid}/password/temporary`, { method: 'POST', headers: { 'x-secret-key': t.secretKey } }));
    return json(await form('token', { grant_type: 'password', username: 'kim', password: tmp.temporary_password }, basic(client.client_id, client.client_secret)));
  }

  it('T-4: credentials in both Basic and the body, or a body client_id differing from Basic, are refused', async () => {
    const both = await form('token', { grant_type: 'password', client_secret: a.client_secret }, basic(a.client_id, a.client_secret));
    expect(both.status).toBe(400);
    const differing = await form('token', { grant_type: 'password', client_id: b.client_id }, basic(a.client_id, a.client_secret));
    expect((await json(differing)).error).toBe('invalid_request');
  });

  it('R-4: a refresh token of client A used by client B is invalid_grant', async () => {
    const tokens = await userTokens(a);
    const stolen = await form('token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, basic(b.client_id, b.client_secret));
    expect((await json(stolen)).error).toBe('invalid_grant');
    // Client A's token was not consumed by the attempt.
    expect((await form('token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, basic(a.client_id, a.client_secret))).status).toBe(200);
  });

  it('V-4/V-6: client B cannot revoke client A\'s token; bad credentials are 401; a missing token is invalid_request', async () => {
    const tokens = await userTokens(a);
    const other = await form('revoke', { token: tokens.access_token }, basic(b.client_id, b.client_secret));
    expect(other.status).toBe(400);
    expect((await json(other)).error).toBe('invalid_request');
    const introspect = await json(await form('introspect', { token: tokens.access_token }, basic(a.client_id, a.client_secret)));
    expect(introspect.active).toBe(true);
    // B's refresh-token revocation is refused the same way, and A's grant lives on.
    const otherRefresh = await form('revoke', { token: tokens.refresh_token, token_type_hint: 'refresh_token' }, basic(b.client_id, b.client_secret));
    expect(otherRefresh.status).toBe(400);
    expect((await json(await form('introspect', { token: tokens.access_token }, basic(a.client_id, a.client_secret)))).active).toBe(true);
    // A public client gets the silent 200 (it proves nothing about itself), and revokes nothing either.
    const pub = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, {
        method: 'POST',
        headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'pub', grant_type: 'password', token_endpoint_auth_method: 'none' }),
      }),
    );
    for (const token of [tokens.access_token, tokens.refresh_token]) {
      const silent = await form('revoke', { token, client_id: pub.client_id });
      expect(silent.status).toBe(200);
      expect(await silent.text()).toBe('');
    }
    expect((await json(await form('introspect', { token: tokens.access_token }, basic(a.client_id, a.client_secret)))).active).toBe(true);
    expect((await json(await form('introspect', { token: tokens.refresh_token }, basic(a.client_id, a.client_secret)))).active).toBe(true);
    const bad = await form('revoke', { token: tokens.access_token }, basic(a.client_id, 'wrong'));
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Basic\b/);
    expect(await json(bad)).toMatchObject({ error: 'invalid_client' });
    const badBody = await form('revoke', { token: tokens.access_token, client_id: a.client_id, client_secret: 'wrong' });
    expect(badBody.status).toBe(401);
    expect(await json(badBody)).toMatchObject({ error: 'invalid_client' });
    // The token survived the refused revocations.
    expect((await json(await form('introspect', { token: tokens.access_token }, basic(a.client_id, a.client_secret)))).active).toBe(true);
    const missing = await form('revoke', {}, basic(a.client_id, a.client_secret));
    expect(missing.status).toBe(400);
    expect((await json(missing)).error).toBe('invalid_request');
  });

  it('I-1/T-5: introspection never answers an anonymous caller (no credentials, a bare client_id, credentials in the query); credentials in the query are refused at every endpoint', async () => {
    const tokens = await userTokens(a);
    const anonymous: [string, Promise<Response>][] = [
      ['no credentials', form('introspect', { token: tokens.access_token })],
      ['a bare client_id', form('introspect', { token: tokens.access_token, client_id: a.client_id })],
      ['a wrong secret', form('introspect', { token: tokens.access_token }, basic(a.client_id, 'wrong'))],
      ['a garbage bearer', form('introspect', { token: tokens.access_token }, { authorization: `Bearer ${tokens.access_token}` })],
    ];
    for (const [what, pending] of anonymous) {
      const res = await pending;
      expect(res.status, what).toBe(401);
      const body = await json(res);
      expect(body.error, what).toBe('invalid_client');
      expect(body.active, what).toBeUndefined();
    }
    for (const endpoint of ['token', 'introspect', 'revoke']) {
      const query = new URLSearchParams({ client_id: a.client_id, client_secret: a.client_secret });
      const res = await call(`/t/${t.appKey}/oauth2/${endpoint}?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(endpoint === 'token' ? { grant_type: 'refresh_token', refresh_token: tokens.refresh_token } : { token: tokens.access_token }).toString(),
      });
      expect(res.status, endpoint).toBeGreaterThanOrEqual(400);
      expect(res.status, endpoint).toBeLessThan(500);
      expect((await json(res)).error, endpoint).toMatch(/^invalid_(request|client)$/);
    }
    // Nothing was done with the query credentials: the refresh token is unused and the access token live.
    expect((await json(await form('introspect', { token: tokens.access_token }, basic(a.client_id, a.client_secret)))).active).toBe(true);
    expect((await form('token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, basic(a.client_id, a.client_secret))).status).toBe(200);
  });

  it('the tenant secret key may introspect; a wrong one is invalid_client', async () => {
    const tokens = await userTokens(a);
    const viaSecret = await form('introspect', { token: tokens.access_token }, { 'x-secret-key': t.secretKey });
    expect((await json(viaSecret)).active).toBe(true);
    expect((await form('introspect', { token: tokens.access_token }, { 'x-secret-key': 'wrong' })).status).toBe(401);
  });

  it('RFC 8707: a registered resource becomes the audience; others are invalid_target; our own APIs refuse such tokens', async () => {
    const api = 'https://api.example/orders';
    const m = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, {
        method: 'POST',
        headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'rs', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_basic', audiences: [api] }),
      }),
    );
    expect(m.audiences).toEqual([api]);
    const res = await form('token', { grant_type: 'client_credentials', resource: api }, basic(m.client_id, m.client_secret));
    const { access_token } = await json(res);
    const rpc = new EdgeIamRpc({ waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext, env);
    expect(await rpc.verifyToken(t.appKey, access_token, { audience: api })).toMatchObject({ aud: api });
    await expect(rpc.verifyToken(t.appKey, access_token)).rejects.toThrow(/invalid_token/);
    expect((await json(await form('introspect', { token: access_token }, basic(m.client_id, m.client_secret)))).active).toBe(true);
    const other = await form('token', { grant_type: 'client_credentials', resource: 'https://elsewhere.example' }, basic(m.client_id, m.client_secret));
    expect((await json(other)).error).toBe('invalid_target');
  });

  it('I-4: introspection answers are never cached', async () => {
    const res = await form('introspect', { token: 'x' }, basic(a.client_id, a.client_secret));
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
  });

  it('J-3: a token signed by a key the tenant does not publish, or naming a jku, is rejected without any fetch', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const issuer = `https://edge-iam.test/t/${t.appKey}`;
    const forged = await new SignJWT({ client_id: a.client_id, jti: 'forged' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'not-ours', jku: 'https://attacker.example/jwks.json' })
      .setIssuer(issuer)
      .setAudience(issuer)
      .setSubject(a.client_id)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const rpc = new EdgeIamRpc({ waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext, env);
    await expect(rpc.verifyToken(t.appKey, forged)).rejects.toThrow(/invalid_token/);
    expect(await json(await form('introspect', { token: forged }, basic(a.client_id, a.client_secret)))).toEqual({ active: false });
  });
});
