import { env } from 'cloudflare:test';
import * as oauth from 'oauth4webapi';
import { EdgeIamRpc } from '../../../src/faces/rpc';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, json } from '../../helpers/http';

const ORIGIN = 'https://edge-iam.test';
const viaWorker = (url: string, init?: RequestInit) => call(new URL(url).pathname + new URL(url).search, init);
const options = { [oauth.customFetch]: viaWorker as typeof fetch };
const REDIRECT = 'https://app.example/callback';

describe('authorization code flow with PKCE through the sign-in page', () => {
  let t: { appKey: string; secretKey: string };
  let as: oauth.AuthorizationServer;
  let publicClient: { client_id: string };
  let confidential: { client_id: string; client_secret: string };
  let password: string;
  const headers = () => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });

  beforeAll(async () => {
    t = await createTenant('code');
    const issuer = new URL(`${ORIGIN}/t/${t.appKey}`);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
    const mk = async (body: object) => json(await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: headers(), body: JSON.stringify(body) }));
    publicClient = await mk({ name: 'spa', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] });
    confidential = await mk({ name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT] });
    const user = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: headers(), body: JSON.stringify({ name: 'grace', nickname: 'Grace', role_uuids: [] }) }));
    password = user.password.temporary_password;
  });

  /** Walks the sign-in page like a browser: GET the form, POST it back with the cookie. */
  async function signInThroughPage(authorizeUrl: URL, credentials = { username: 'grace', password }) {
    const page = await call(authorizeUrl.pathname + authorizeUrl.search);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const fields = new URLSearchParams();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
    fields.set('username', credentials.username);
    fields.set('password', credentials.password);
    return call(authorizeUrl.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: fields.toString(), redirect: 'manual' });
  }

  function authorizeUrl(clientId: string, extra: Record<string, string> = {}) {
    const url = new URL(as.authorization_endpoint!);
    for (const [k, v] of Object.entries({ client_id: clientId, response_type: 'code', redirect_uri: REDIRECT, state: 'st-1', scope: 'openid', ...extra })) url.searchParams.set(k, v);
    return url;
  }

  it('a public client with PKCE gets tokens, an ID token and userinfo (oauth4webapi)', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const nonce = oauth.generateRandomNonce();
    const url = authorizeUrl(publicClient.client_id, { code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', nonce });
    const redirect = await signInThroughPage(url);
    expect(redirect.status).toBe(303); // A-10: a POSTed sign-in redirects with 303
    const callback = new URL(redirect.headers.get('location')!);
    const params = oauth.validateAuthResponse(as, { client_id: publicClient.client_id }, callback, 'st-1');
    const res = await oauth.authorizationCodeGrantRequest(as, { client_id: publicClient.client_id }, oauth.None(), params, REDIRECT, verifier, options);
    const tokens = await oauth.processAuthorizationCodeResponse(as, { client_id: publicClient.client_id }, res, { expectedNonce: nonce, requireIdToken: true });
    expect(tokens.refresh_token).toBeTruthy();
    expect(oauth.getValidatedIdTokenClaims(tokens)).toMatchObject({ nonce, aud: publicClient.client_id });
    const info = await oauth.userInfoRequest(as, { client_id: publicClient.client_id }, tokens.access_token, options);
    const claims = await oauth.processUserInfoResponse(as, { client_id: publicClient.client_id }, oauth.getValidatedIdTokenClaims(tokens)!.sub, info);
    expect(claims).toMatchObject({ preferred_username: 'grace', name: 'Grace' });
  });

  it('A-1/A-2: a redirect URI differing in any character, or an unknown or missing client, gets an error page, never a redirect', async () => {
    const variants = [
      `${REDIRECT}/`, // trailing slash
      'https://APP.example/callback', // host case
      'https://app.example:443/callback', // explicit default port
      `${REDIRECT}?x=1`, // added query
      `${REDIRECT}?`, // empty query
      `${REDIRECT}#f`, // fragment
      'https://app.example/Callback', // path case
      'http://app.example/callback', // scheme
      'https://app.example/callback%2F', // encoded
      'https://app.example./callback', // trailing dot in host
      ' https://app.example/callback', // whitespace
    ];
    const urls = variants.map((uri) => authorizeUrl(publicClient.client_id, { redirect_uri: uri, code_challenge: 'c'.repeat(43), code_challenge_method: 'S256' }));
    urls.push(authorizeUrl(confidential.client_id, { redirect_uri: '' })); // redirect_uri missing (empty is absent)
    urls.push(authorizeUrl('nope')); // unknown client with the registered URI of another
    const missing = authorizeUrl(publicClient.client_id);
    missing.searchParams.delete('client_id'); // missing client, valid-looking redirect URI
    urls.push(missing);
    const empty = authorizeUrl('');
    urls.push(empty);
    for (const url of urls) {
      const res = await call(url.pathname + url.search, { redirect: 'manual' });
      expect(res.status, url.search).toBe(400);
      expect(res.headers.get('location'), url.search).toBeNull();
      expect(res.headers.get('content-type'), url.search).toMatch(/^text\/html/);
      expect(await res.text(), url.search).not.toContain('app.example/callback?');
    }
    // The exact registered value does reach the sign-in page.
    const exact = authorizeUrl(publicClient.client_id, { code_challenge: 'c'.repeat(43), code_challenge_method: 'S256' });
    expect((await call(exact.pathname + exact.search, { redirect: 'manual' })).status).toBe(200);
  });

  it('A-3/A-4/P-1/P-2: other request errors redirect to the registered URI with error, state and iss', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['P-1: public client without PKCE', {}, 'invalid_request'],
      ['P-2: plain', { code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }, 'invalid_request'],
      ['P-2: method missing (RFC default plain)', { code_challenge: 'x'.repeat(43) }, 'invalid_request'],
      ['P-2: method lower case', { code_challenge: 'x'.repeat(43), code_challenge_method: 's256' }, 'invalid_request'],
      ['A-3: bad response_type', { code_challenge: 'x'.repeat(43), response_type: 'token', code_challenge_method: 'S256' }, 'unsupported_response_type'],
      ['A-3: bad scope', { code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', scope: 'openid not-allowed' }, 'invalid_scope'],
      ['A-4: empty challenge is absent (so PKCE is missing)', { code_challenge: '', code_challenge_method: '' }, 'invalid_request'],
    ];
    for (const [what, extra, error] of cases) {
      const url = authorizeUrl(publicClient.client_id, extra);
      const res = await call(url.pathname + url.search, { redirect: 'manual' });
      expect(res.status, what).toBe(302);
      const loc = new URL(res.headers.get('location')!);
      expect(`${loc.origin}${loc.pathname}`, what).toBe(REDIRECT);
      expect(loc.searchParams.get('error'), what).toBe(error);
      expect(loc.searchParams.get('state'), what).toBe('st-1');
      expect(loc.searchParams.get('iss'), what).toBe(as.issuer);
      expect(loc.searchParams.get('code'), what).toBeNull();
    }
    // A-4: any repeated parameter is invalid_request, also when both values are equal.
    for (const repeated of ['scope=openid', 'state=st-1', 'response_type=code', 'nonce=a&nonce=b']) {
      const res = await call(`/t/${t.appKey}/oauth2/authorize${authorizeUrl(confidential.client_id).search}&${repeated}`, { redirect: 'manual' });
      expect(res.status, repeated).toBe(302);
      const loc = new URL(res.headers.get('location')!);
      expect(loc.searchParams.get('error'), repeated).toBe('invalid_request');
      expect(loc.searchParams.get('iss'), repeated).toBe(as.issuer);
    }
    // A-4: an empty-valued optional parameter is treated as absent: the request is fine.
    const emptyNonce = `${authorizeUrl(confidential.client_id).search}&nonce=`;
    expect((await call(`/t/${t.appKey}/oauth2/authorize${emptyNonce}`, { redirect: 'manual' })).status).toBe(200);
  });

  it('the sign-in form refuses a missing CSRF cookie and a wrong password without redirecting', async () => {
    const url = authorizeUrl(confidential.client_id);
    const noCookie = await call(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([...url.searchParams, ['username', 'grace'], ['password', password], ['csrf_token', 'forged']]).toString(),
      redirect: 'manual',
    });
    expect(noCookie.status).toBe(400);
    const wrong = await signInThroughPage(url, { username: 'grace', password: 'not-the-password' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('wrong');
  });

  async function codeFor(clientId: string, extra: Record<string, string> = {}) {
    const redirect = await signInThroughPage(authorizeUrl(clientId, extra));
    return new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  }
  const exchange = (code: string, auth: { id: string; secret?: string }, extra: Record<string, string> = {}) =>
    call(`/t/${t.appKey}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(auth.secret ? { authorization: `Basic ${btoa(`${auth.id}:${auth.secret}`)}` } : {}) },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...(auth.secret ? {} : { client_id: auth.id }), ...extra }).toString(),
    });

  it('C-1/C-3/C-4/P-4: single use, bound to client and redirect URI, no PKCE downgrade; a replay revokes the first tokens', async () => {
    const web = { id: confidential.client_id, secret: confidential.client_secret };
    const code = await codeFor(confidential.client_id);
    expect(await json(await exchange(code, { id: publicClient.client_id }))).toMatchObject({ error: 'invalid_grant' });
    for (const redirectUri of [`${REDIRECT}?x=1`, `${REDIRECT}/`, 'https://APP.example/callback', '']) {
      expect(await json(await exchange(code, web, { redirect_uri: redirectUri })), redirectUri).toMatchObject({ error: 'invalid_grant' });
    }
    expect(await json(await exchange(code, web, { code_verifier: 'a'.repeat(43) }))).toMatchObject({ error: 'invalid_grant' });
    const first = await exchange(code, web);
    expect(first.status).toBe(200);
    const tokens = await json(first);
    // Both tokens of the first exchange are live until the replay.
    const introspectFirst = async () =>
      json(
        await call(`/t/${t.appKey}/oauth2/introspect`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`${web.id}:${web.secret}`)}` },
          body: `token=${tokens.access_token}`,
        }),
      );
    expect((await introspectFirst()).active).toBe(true);
    const replay = await exchange(code, web);
    expect(replay.status).toBe(400);
    expect(await json(replay)).toMatchObject({ error: 'invalid_grant' });
    const introspection = await call(`/t/${t.appKey}/oauth2/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`${web.id}:${web.secret}`)}` },
      body: `token=${tokens.access_token}`,
    });
    expect(await json(introspection)).toEqual({ active: false });
    expect((await call(`/t/${t.appKey}/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
    const refreshed = await call(`/t/${t.appKey}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`${web.id}:${web.secret}`)}` },
      body: `grant_type=refresh_token&refresh_token=${tokens.refresh_token}`,
    });
    expect(refreshed.status).toBe(400);
    expect(await json(refreshed)).toMatchObject({ error: 'invalid_grant' });
  });

  it('C-2: concurrent exchanges of one code have exactly one winner; P-3: a wrong verifier fails', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const pkce = { code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' };
    const code = await codeFor(publicClient.client_id, pkce);
    expect(await json(await exchange(code, { id: publicClient.client_id }, { code_verifier: oauth.generateRandomCodeVerifier() }))).toMatchObject({ error: 'invalid_grant' });
    // P-3: no verifier at all, though a challenge was stored.
    expect(await json(await exchange(code, { id: publicClient.client_id }))).toMatchObject({ error: 'invalid_grant' });
    const results = await Promise.all(Array.from({ length: 5 }, () => exchange(code, { id: publicClient.client_id }, { code_verifier: verifier })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it('C-5: a confidential client with bad credentials gets invalid_client and the code stays usable; J-5: an ID token is not an access token', async () => {
    const code = await codeFor(confidential.client_id, { scope: 'openid' });
    const bad = await exchange(code, { id: confidential.client_id, secret: 'wrong' });
    expect(bad.status).toBe(401);
    expect((await json(bad)).error).toBe('invalid_client');
    const good = await exchange(code, { id: confidential.client_id, secret: confidential.client_secret });
    expect(good.status).toBe(200);
    const tokens = await json(good);
    expect(tokens.id_token).toBeTruthy();
    const rpc = new EdgeIamRpc({ waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext, env);
    await expect(rpc.verifyToken(t.appKey, tokens.id_token)).rejects.toThrow(/invalid_token/);
    expect((await call(`/t/${t.appKey}/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens.id_token}` } })).status).toBe(401);
  });

  it('R-5: a refresh may narrow the scope but never widen it', async () => {
    const code = await codeFor(confidential.client_id, { scope: 'openid profile' });
    const tokens = await json(await exchange(code, { id: confidential.client_id, secret: confidential.client_secret }));
    const refresh = (scope: string, rt: string) =>
      call(`/t/${t.appKey}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`${confidential.client_id}:${confidential.client_secret}`)}` },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: rt, scope }).toString(),
      });
    expect((await json(await refresh('openid admin', tokens.refresh_token))).error).toBe('invalid_scope');
    const narrowed = await json(await refresh('profile', tokens.refresh_token));
    expect(narrowed.scope).toBe('profile');
    // The refresh token keeps its original scope: asking for openid again is not a widening.
    expect((await refresh('openid', narrowed.refresh_token)).status).toBe(200);
  });

  it('userinfo refuses a missing or garbage token with 401 invalid_token', async () => {
    const none = await call(`/t/${t.appKey}/oauth2/userinfo`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await call(`/t/${t.appKey}/oauth2/userinfo`, { headers: { authorization: 'Bearer garbage' } })).status).toBe(401);
  });
});
