import { env } from 'cloudflare:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { CODE_TTL_SECONDS, issueAuthorizationCode, validateAuthorizationRequest } from '../../../src/domain/tokens/authorization-code';
import { call, json } from '../../helpers/http';
import { depsAt, REDIRECT, tokenService, type Client } from '../../helpers/oauth';

/** Checklist §1–§3 and J-8: the authorization endpoint, redirect URIs, PKCE, codes and ID tokens. */
describe('token service checklist: authorization endpoint, redirect URIs, PKCE, codes', () => {
  let s: Awaited<ReturnType<typeof tokenService>>;
  let spa: Client;
  let web: Client;
  let grace: { uuid: string; password: string };
  const me = () => ({ username: 'grace', password: grace.password });
  const pkce = async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    return { verifier, params: { code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' } };
  };
  const exchange = (code: string, by: Client, extra: Record<string, string> = {}) =>
    s.post('token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...extra }, by);

  beforeAll(async () => {
    s = await tokenService('checklist-authorize');
    spa = await s.client({ name: 'spa', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] });
    web = await s.client({ name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT] });
    grace = await s.user('grace');
  });

  it('A-5: a loopback redirect URI (127.0.0.1, [::1]) matches with any port, everything else exactly; non-loopback http is refused at registration and authorization', async () => {
    const native = await s.client({ name: 'native', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: ['http://127.0.0.1/cb', 'http://[::1]:8080/cb?app=1'] });
    const authorize = (redirectUri: string) =>
      call(`/t/${s.appKey}/oauth2/authorize?${new URLSearchParams({ client_id: native.client_id, response_type: 'code', redirect_uri: redirectUri, state: 'st', code_challenge: 'c'.repeat(43), code_challenge_method: 'S256' })}`, { redirect: 'manual' });
    for (const ok of ['http://127.0.0.1/cb', 'http://127.0.0.1:54321/cb', 'http://127.0.0.1:1/cb', 'http://[::1]/cb?app=1', 'http://[::1]:49152/cb?app=1']) {
      expect((await authorize(ok)).status, ok).toBe(200);
    }
    for (const bad of ['http://127.0.0.1:54321/cb/', 'http://127.0.0.1:54321/other', 'http://127.0.0.1:54321/cb?x=1', 'http://127.0.0.1:0/cb', 'http://127.0.0.1:99999/cb', 'http://localhost:54321/cb', 'http://127.0.0.2:54321/cb', 'https://127.0.0.1:54321/cb', 'http://[::1]:49152/cb']) {
      const res = await authorize(bad);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('location'), bad).toBeNull();
    }

    // The whole flow on an ephemeral port: the code goes to that port and is redeemed with that exact URI.
    const { verifier, params } = await pkce();
    const port = 'http://127.0.0.1:61234/cb';
    const signedIn = await s.signIn({ client_id: native.client_id, redirect_uri: port, ...params }, me());
    expect(signedIn.status).toBe(303);
    const location = new URL(signedIn.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(port);
    const code = location.searchParams.get('code')!;
    expect(await json(await exchange(code, native, { redirect_uri: 'http://127.0.0.1:61235/cb', code_verifier: verifier }))).toMatchObject({ error: 'invalid_grant' });
    expect((await exchange(code, native, { redirect_uri: port, code_verifier: verifier })).status).toBe(200);

    // Registration: plain http elsewhere, localhost included (RFC 8252 §8.3), is refused.
    for (const uri of ['http://app.example/cb', 'http://localhost/cb', 'http://localhost:8080/cb', 'http://10.0.0.1/cb']) {
      const res = await call(`/t/${s.appKey}/v1/oauth2-clients`, { method: 'POST', headers: s.admin, body: JSON.stringify({ name: 'x', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [uri] }) });
      expect(res.status, uri).toBe(400);
    }
    // A client stored with a plain-http URI before this rule cannot use it either.
    await env.DB.prepare('UPDATE oauth_clients SET redirect_uris = ? WHERE tenant_id = ? AND client_id = ?').bind(JSON.stringify(['http://app.example/cb']), s.appKey, native.client_id).run();
    const legacy = await authorize('http://app.example/cb');
    expect(legacy.status).toBe(400);
    expect(legacy.headers.get('location')).toBeNull();
  });

  it('A-6: registration refuses javascript:, data: and other schemes, mixed case, whitespace and control characters, fragments and user info; on create and on update', async () => {
    const refused = [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'DATA:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'blob:https://app.example/uuid',
      'HTTPS://app.example/cb',
      'Https://app.example/cb',
      'https://APP.example/cb',
      'https://app.example:443/cb',
      ' https://app.example/cb',
      'https://app.example/cb ',
      '\thttps://app.example/cb',
      'https://app.example/cb\n',
      'https://app.example/c b',
      'https://app.example/cb\u0000',
      'https://app.example/cb\u007f',
      'https://app.example/cb\u00a0',
      'https://app.example/cb#frag',
      'https://app.example/cb#',
      'https://user:pw@app.example/cb',
      'https://user@app.example/cb',
      '/relative/cb',
      'app.example/cb',
    ];
    const create = (uri: string) =>
      call(`/t/${s.appKey}/v1/oauth2-clients`, { method: 'POST', headers: s.admin, body: JSON.stringify({ name: 'x', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT, uri] }) });
    for (const uri of refused) {
      const res = await create(uri);
      expect(res.status, JSON.stringify(uri)).toBe(400);
      expect(await json(res), JSON.stringify(uri)).toMatchObject({ type: expect.any(String), title: expect.any(String) });
      const patch = await call(`/t/${s.appKey}/v1/oauth2-clients/${spa.client_id}`, { method: 'PATCH', headers: s.admin, body: JSON.stringify({ redirect_uris: [uri] }) });
      expect(patch.status, `PATCH ${JSON.stringify(uri)}`).toBe(400);
    }
    // spa still has its one URI: no refused update landed.
    expect((await json(await call(`/t/${s.appKey}/v1/oauth2-clients/${spa.client_id}`, { headers: s.admin }))).redirect_uris).toEqual([REDIRECT]);
    for (const uri of ['https://app.example/cb', 'https://app.example:8443/cb?x=1', 'https://app.example', 'com.example.app:/oauth2redirect', 'http://127.0.0.1:8080/cb', 'http://[::1]/cb']) {
      expect((await create(uri)).status, uri).toBe(201);
    }
  });

  it('A-7: response_type=token (implicit) and hybrid types are not offered: not in the metadata, refused by redirect without any token; no client can register for them', async () => {
    const meta = await json(await call(`/t/${s.appKey}/.well-known/openid-configuration`));
    expect(meta.response_types_supported).toEqual(['code']);
    expect(meta.grant_types_supported).not.toContain('implicit');
    for (const responseType of ['token', 'id_token', 'code token', 'code id_token', 'id_token token']) {
      const res = await call(`/t/${s.appKey}/oauth2/authorize?${new URLSearchParams({ client_id: web.client_id, response_type: responseType, redirect_uri: REDIRECT, state: 'st', nonce: 'n' })}`, { redirect: 'manual' });
      expect(res.status, responseType).toBe(302);
      const location = res.headers.get('location')!;
      expect(new URL(location).searchParams.get('error'), responseType).toBe('unsupported_response_type');
      expect(location, responseType).not.toMatch(/access_token|id_token=|#/);
    }
    const implicit = await call(`/t/${s.appKey}/v1/oauth2-clients`, { method: 'POST', headers: s.admin, body: JSON.stringify({ name: 'x', grant_type: 'implicit', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] }) });
    expect(implicit.status).toBe(400);
  });

  it('A-11: a successful authorization response carries iss equal to the tenant issuer, which the metadata announces (RFC 9207)', async () => {
    const meta = await json(await call(`/t/${s.appKey}/.well-known/openid-configuration`));
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
    expect(meta.issuer).toBe(s.issuer);
    const res = await s.signIn({ client_id: web.client_id, scope: 'openid' }, me());
    expect(res.status).toBe(303);
    const params = new URL(res.headers.get('location')!).searchParams;
    expect(params.get('iss')).toBe(s.issuer);
    expect(params.get('code')).toBeTruthy();
    expect(params.get('state')).toBe('st');
    // oauth4webapi checks it as an RFC 9207 client does: another issuer's response is refused.
    const as = { issuer: s.issuer, authorization_response_iss_parameter_supported: true } as oauth.AuthorizationServer;
    expect(() => oauth.validateAuthResponse(as, { client_id: web.client_id }, params, 'st')).not.toThrow();
    const forged = new URLSearchParams(params);
    forged.set('iss', `${s.issuer}x`);
    expect(() => oauth.validateAuthResponse(as, { client_id: web.client_id }, forged, 'st')).toThrow();
  });

  it('P-5: a code_verifier shorter than 43, longer than 128 or outside [A-Za-z0-9-._~] is invalid_request and leaves the code usable; 43 and 128 characters work', async () => {
    for (const length of [43, 128]) {
      const verifier = 'aZ0-._~'.repeat(20).slice(0, length);
      const code = await s.code({ client_id: spa.client_id, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }, me());
      for (const bad of [verifier.slice(0, 42), `${verifier}${'a'.repeat(129 - length)}`, `${verifier.slice(0, 42)}+`, `${verifier.slice(0, 42)}=`, `${verifier.slice(0, 42)}/`, `${verifier.slice(0, 42)} `, `${verifier.slice(0, 42)}é`]) {
        const res = await exchange(code, spa, { code_verifier: bad });
        expect(res.status, bad).toBe(400);
        expect(await json(res), bad).toMatchObject({ error: 'invalid_request' });
      }
      expect((await exchange(code, spa, { code_verifier: verifier })).status, `length ${length}`).toBe(200);
    }
  });

  it('P-6: both metadata documents list code_challenge_methods_supported ["S256"], nothing else', async () => {
    for (const path of [`/t/${s.appKey}/.well-known/openid-configuration`, `/t/${s.appKey}/.well-known/oauth-authorization-server`, `/.well-known/oauth-authorization-server/t/${s.appKey}`]) {
      expect((await json(await call(path))).code_challenge_methods_supported, path).toEqual(['S256']);
    }
  });

  it(`C-6: a code older than its lifetime (${CODE_TTL_SECONDS} s, at most 600) is invalid_grant (codes issued with a pinned clock)`, async () => {
    expect(CODE_TTL_SECONDS).toBeLessThanOrEqual(600);
    const issueAt = async (secondsAgo: number) => {
      const deps = depsAt(new Date(Date.now() - secondsAgo * 1000));
      const request = await validateAuthorizationRequest(deps, s.appKey, new URLSearchParams({ client_id: web.client_id, response_type: 'code', redirect_uri: REDIRECT, state: 'st' }));
      return issueAuthorizationCode(deps, s.appKey, request, grace.uuid);
    };
    const expired = await issueAt(CODE_TTL_SECONDS + 1);
    const res = await exchange(expired, web);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ error: 'invalid_grant' });
    const fresh = await issueAt(CODE_TTL_SECONDS - 10);
    expect((await exchange(fresh, web)).status).toBe(200);
  });

  it("C-7: a code issued in tenant X is refused at tenant Y's token endpoint, and stays usable at X", async () => {
    const y = await tokenService('checklist-authorize-y');
    const yWeb = await y.client({ name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT] });
    const ySpa = await y.client({ name: 'spa', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] });
    const code = await s.code({ client_id: web.client_id }, me());
    const atY = (by: Client) => y.post('token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, by);
    expect(await json(await atY(yWeb))).toMatchObject({ error: 'invalid_grant' });
    expect(await json(await atY(ySpa))).toMatchObject({ error: 'invalid_grant' });
    // X's own client is unknown at Y.
    const foreign = await atY(web);
    expect(foreign.status).toBe(401);
    expect(await json(foreign)).toMatchObject({ error: 'invalid_client' });
    expect((await exchange(code, web)).status).toBe(200);
  });
});

describe('token service checklist: ID tokens', () => {
  it('J-8: the ID token echoes nonce, has aud = client_id as a single audience (so no azp), iss, sub, auth_time and exp; a refreshed one has no other nonce', async () => {
    const s = await tokenService('checklist-id-token');
    const web = await s.client({ name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT] });
    const user = await s.user('nina');
    const nonce = oauth.generateRandomNonce();
    const code = await s.code({ client_id: web.client_id, scope: 'openid', nonce }, { username: 'nina', password: user.password });
    const tokens = await json(await s.post('token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, web));
    const jwks = createLocalJWKSet((await json(await call(`/t/${s.appKey}/.well-known/jwks.json`))) as JSONWebKeySet);
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, { issuer: s.issuer, audience: web.client_id });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(protectedHeader.kid).toBe(decodeProtectedHeader(tokens.access_token).kid);
    expect(payload).toMatchObject({ iss: s.issuer, sub: user.uuid, aud: web.client_id, nonce });
    expect(typeof payload.aud).toBe('string');
    expect(payload.azp === undefined || payload.azp === web.client_id).toBe(true);
    expect(payload.auth_time).toEqual(expect.any(Number));
    expect(payload.exp! - payload.iat!).toBeGreaterThan(0);
    // at_hash is optional for the code flow (OIDC Core §3.1.3.6); when present it must be right.
    if (payload.at_hash !== undefined) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(tokens.access_token)));
      expect(payload.at_hash).toBe(btoa(String.fromCharCode(...digest.slice(0, 16))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    }
    // oauth4webapi's own ID token checks (nonce, aud, azp, iss) accept it.
    const as = (await json(await call(`/t/${s.appKey}/.well-known/openid-configuration`))) as oauth.AuthorizationServer;
    const replay = new Response(JSON.stringify(tokens), { headers: { 'content-type': 'application/json' } });
    const processed = await oauth.processAuthorizationCodeResponse(as, { client_id: web.client_id }, replay, { expectedNonce: nonce, requireIdToken: true });
    expect(oauth.getValidatedIdTokenClaims(processed)).toMatchObject({ nonce, aud: web.client_id });
    // Without a nonce in the request there is none in the token.
    const plain = await s.code({ client_id: web.client_id, scope: 'openid' }, { username: 'nina', password: user.password });
    const plainTokens = await json(await s.post('token', { grant_type: 'authorization_code', code: plain, redirect_uri: REDIRECT }, web));
    expect((await jwtVerify(plainTokens.id_token, jwks)).payload.nonce).toBeUndefined();
    // A refreshed ID token names the same subject and audience and carries no foreign nonce.
    const refreshed = await json(await s.post('token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, web));
    const again = (await jwtVerify(refreshed.id_token, jwks, { issuer: s.issuer, audience: web.client_id })).payload;
    expect(again.sub).toBe(user.uuid);
    expect(again.nonce === undefined || again.nonce === nonce).toBe(true);
  });
});
