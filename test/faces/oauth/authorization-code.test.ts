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

  it('A-1/A-2: an unregistered redirect URI or an unknown client gets an error page, never a redirect', async () => {
    for (const url of [authorizeUrl(publicClient.client_id, { redirect_uri: `${REDIRECT}/` }), authorizeUrl(publicClient.client_id, { redirect_uri: 'https://APP.example/callback' }), authorizeUrl('nope')]) {
      const res = await call(url.pathname + url.search, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('A-3/A-4/P-1/P-2: other request errors redirect to the registered URI with error and state', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'invalid_request'], // public client without PKCE
      [{ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: 'x'.repeat(43), response_type: 'token', code_challenge_method: 'S256' }, 'unsupported_response_type'],
    ];
    for (const [extra, error] of cases) {
      const url = authorizeUrl(publicClient.client_id, extra);
      const res = await call(url.pathname + url.search, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const loc = new URL(res.headers.get('location')!);
      expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
      expect(loc.searchParams.get('error')).toBe(error);
      expect(loc.searchParams.get('state')).toBe('st-1');
    }
    const repeated = `${authorizeUrl(confidential.client_id).search}&scope=openid`;
    const res = await call(`/t/${t.appKey}/oauth2/authorize${repeated}`, { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
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
    expect(await json(await exchange(code, web, { redirect_uri: `${REDIRECT}?x=1` }))).toMatchObject({ error: 'invalid_grant' });
    expect(await json(await exchange(code, web, { code_verifier: 'a'.repeat(43) }))).toMatchObject({ error: 'invalid_grant' });
    const first = await exchange(code, web);
    expect(first.status).toBe(200);
    const tokens = await json(first);
    expect((await exchange(code, web)).status).toBe(400);
    const introspection = await call(`/t/${t.appKey}/oauth2/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`${web.id}:${web.secret}`)}` },
      body: `token=${tokens.access_token}`,
    });
    expect(await json(introspection)).toEqual({ active: false });
    const refreshed = await call(`/t/${t.appKey}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`${web.id}:${web.secret}`)}` },
      body: `grant_type=refresh_token&refresh_token=${tokens.refresh_token}`,
    });
    expect(refreshed.status).toBe(400);
  });

  it('C-2: concurrent exchanges of one code have exactly one winner; P-3: a wrong verifier fails', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const pkce = { code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' };
    const code = await codeFor(publicClient.client_id, pkce);
    expect(await json(await exchange(code, { id: publicClient.client_id }, { code_verifier: oauth.generateRandomCodeVerifier() }))).toMatchObject({ error: 'invalid_grant' });
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
