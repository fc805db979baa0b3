import { env } from 'cloudflare:test';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { vi } from 'vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { JWKS_MAX_AGE_SECONDS } from '../../../src/domain/keys/signing-key';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from '../../../src/domain/tokens/access-token';
import { REFRESH_TOKEN_TTL_SECONDS } from '../../../src/domain/tokens/issue';
import { activeSigner } from '../../../src/domain/tokens/signer';
import { passwordGrant, refreshTokenGrant } from '../../../src/domain/tokens/user-grants';
import { REVISION_TTL_MS } from '../../../src/storage/decision-cache';
import { buildDeps } from '../../../src/storage/deps';
import { callWith } from '../../helpers/faulty-app';
import { admin, call, json } from '../../helpers/http';
import { defaultRoleId } from '../../helpers/identity';
import { basic, depsAt, REDIRECT, rpc, tokenService, type Client } from '../../helpers/oauth';

const DAY = 24 * 3600;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * A change made by another isolate: its D1 statement, then the tenant's revision bump in the
 * Durable Object, through the real bindings, so this isolate's memos do not hear of it.
 */
async function elsewhere(appKey: string, sql: string, ...binds: unknown[]): Promise<number> {
  await env.DB.prepare(sql).bind(...binds).run();
  return env.TENANT.get(env.TENANT.idFromName(appKey)).bumpRevision();
}
/** Polls `refused` until it is true; fails past the revision memo's bound. Returns the delay in ms. */
async function refusedWithinBound(refused: () => Promise<boolean>, what: string): Promise<number> {
  const started = Date.now();
  while (!(await refused())) {
    expect(Date.now() - started, `${what} still accepted after the bound`).toBeLessThan(REVISION_TTL_MS + 1000);
    await sleep(50);
  }
  return Date.now() - started;
}

describe('token service checklist: token endpoint, refresh, revocation, introspection, JWTs', () => {
  let s: Awaited<ReturnType<typeof tokenService>>;
  /** Confidential, password grant (and refresh). */
  let app: Client;
  /** Another confidential password client of the same tenant. */
  let other: Client;
  let machine: Client;
  let member: string;

  beforeAll(async () => {
    s = await tokenService('checklist-tokens');
    member = await defaultRoleId(s.t, 'member');
    app = await s.client({ name: 'app', grant_type: 'password', token_endpoint_auth_method: 'client_secret_basic', scopes: ['me'] });
    other = await s.client({ name: 'other', grant_type: 'password', token_endpoint_auth_method: 'client_secret_basic' });
    machine = await s.client({ name: 'machine', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_basic', scopes: ['me'] });
  });

  it('T-2: every token, introspection and revocation answer, success or error, carries Cache-Control: no-store and Pragma: no-cache', async () => {
    const u = await s.user('t2');
    const spa = await s.client({ name: 'spa', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] });
    const tokens = await s.passwordTokens(app, 't2', u.password);
    const code = await s.code({ client_id: spa.client_id, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }, { username: 't2', password: u.password });
    const answers: [string, Response][] = [
      ['password grant', await s.post('token', { grant_type: 'password', username: 't2', password: u.password }, app)],
      ['refresh', await s.post('token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, app)],
      ['client_credentials', await s.post('token', { grant_type: 'client_credentials' }, machine)],
      ['authorization_code', await s.post('token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk' }, spa)],
      ['invalid_grant', await s.post('token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, app)],
      ['invalid_client (Basic)', await s.post('token', { grant_type: 'client_credentials' }, { client_id: machine.client_id, client_secret: 'wrong' })],
      ['invalid_client (body)', await s.post('token', { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' })],
      ['invalid_request', await s.post('token', {}, machine)],
      ['unsupported_grant_type', await s.post('token', { grant_type: 'urn:x' }, machine)],
      ['unauthorized_client', await s.post('token', { grant_type: 'client_credentials' }, app)],
      ['invalid_scope', await s.post('token', { grant_type: 'client_credentials', scope: 'all' }, machine)],
      ['invalid_target', await s.post('token', { grant_type: 'client_credentials', resource: 'https://nowhere.example' }, machine)],
      ['non-form body', await call(`/t/${s.appKey}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json', ...basic(machine) }, body: '{}' })],
      ['GET (405)', await call(`/t/${s.appKey}/oauth2/token`)],
      ['413', await call(`/t/${s.appKey}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=password&x=${'a'.repeat(70_000)}` })],
      ['unknown tenant', await call('/t/no-such-tenant/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })],
      ['introspection', await s.post('introspect', { token: tokens.access_token }, app)],
      ['introspection, inactive', await s.post('introspect', { token: 'garbage' }, app)],
      ['introspection, anonymous', await s.post('introspect', { token: tokens.access_token })],
      ['introspection, no token', await s.post('introspect', {}, app)],
      ['revocation', await s.post('revoke', { token: tokens.access_token }, app)],
      ['revocation, unknown token', await s.post('revoke', { token: 'garbage' }, app)],
      ['revocation, bad client', await s.post('revoke', { token: 'garbage' }, { client_id: app.client_id, client_secret: 'wrong' })],
      ['revocation, no token', await s.post('revoke', {}, app)],
    ];
    const statuses = new Set<number>();
    for (const [what, res] of answers) {
      statuses.add(res.status);
      expect(res.headers.get('cache-control'), what).toBe('no-store');
      expect(res.headers.get('pragma'), what).toBe('no-cache');
    }
    // The sweep saw successes and every error status the endpoints use.
    expect([...statuses].sort()).toEqual([200, 400, 401, 404, 405, 413]);
  });

  it('T-1/T-3/T-4/T-7/T-8/T-10: errors are RFC 6749 JSON from the closed set, 400 except invalid_client (401, with WWW-Authenticate: Basic after an Authorization header); form-encoded Basic credentials work, malformed ones are invalid_client; grants a client has not opted into are unauthorized_client', async () => {
    const spa = await s.client({ name: 'spa-t1', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] });
    const web = await s.client({ name: 'web-t1', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT] });
    const u = await s.user('t1');
    const raw = (authorization: string, body = 'grant_type=client_credentials') =>
      call(`/t/${s.appKey}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization }, body });
    // T-3: a secret with ':', '+', ' ' and '%' (added on the client, as another isolate would), sent form-url-encoded in Basic.
    const odd = 'a:b+c d%e/f=g~0123456789abcdef';
    const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(odd)))].map((b) => b.toString(16).padStart(2, '0')).join('');
    await elsewhere(s.appKey, 'INSERT INTO oauth_client_secrets (tenant_id, client_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)', s.appKey, machine.client_id, 't3-odd', digest, new Date().toISOString());
    const encoded = `${encodeURIComponent(machine.client_id)}:${encodeURIComponent(odd)}`;
    expect(encoded).toContain('%3A');
    expect((await raw(`Basic ${btoa(encoded)}`)).status).toBe(200);
    // The application/x-www-form-urlencoded form: a space as '+'.
    expect((await raw(`Basic ${btoa(`${machine.client_id}:${new URLSearchParams({ s: odd }).toString().slice(2)}`)}`)).status).toBe(200);

    const l = (what: string, res: Promise<Response>, viaHeader: boolean, expected: string) => ({ what, res, viaHeader, expected });
    const cases = [
      // T-3: malformed Basic.
      l('Basic: not base64', raw('Basic %%%not-base64%%%'), true, 'invalid_client'),
      l('Basic: no colon', raw(`Basic ${btoa(machine.client_id)}`), true, 'invalid_client'),
      l('Basic: empty id', raw(`Basic ${btoa(`:${machine.client_secret}`)}`), true, 'invalid_client'),
      l('Basic: bad percent-encoding', raw(`Basic ${btoa(`${machine.client_id}:%zz`)}`), true, 'invalid_client'),
      l('Basic: wrong secret', s.post('token', { grant_type: 'client_credentials' }, { client_id: machine.client_id, client_secret: 'wrong' }), true, 'invalid_client'),
      l('Basic: unknown client', s.post('token', { grant_type: 'client_credentials' }, { client_id: 'nobody', client_secret: 'x' }), true, 'invalid_client'),
      l('body: wrong secret', s.post('token', { grant_type: 'client_credentials', client_id: machine.client_id, client_secret: 'wrong' }), false, 'invalid_client'),
      l('body: no client at all', s.post('token', { grant_type: 'client_credentials' }), false, 'invalid_client'),
      // T-4: credentials twice, or two different ids.
      l('Basic and body secret', s.post('token', { grant_type: 'client_credentials', client_secret: machine.client_secret! }, machine), true, 'invalid_request'),
      l('body client_id differs from Basic', s.post('token', { grant_type: 'client_credentials', client_id: app.client_id }, machine), true, 'invalid_request'),
      // T-7 / T-8 / T-10: grants the client has not opted into.
      l('client_credentials for a password client', s.post('token', { grant_type: 'client_credentials' }, app), true, 'unauthorized_client'),
      l('T-8: client_credentials for a public client', s.post('token', { grant_type: 'client_credentials' }, spa), false, 'unauthorized_client'),
      l('T-10: password for a public code client', s.post('token', { grant_type: 'password', username: 't1', password: u.password }, spa), false, 'unauthorized_client'),
      l('T-10: password for a confidential code client', s.post('token', { grant_type: 'password', username: 't1', password: u.password }, web), true, 'unauthorized_client'),
      l('T-10: password for a machine client', s.post('token', { grant_type: 'password', username: 't1', password: u.password }, machine), true, 'unauthorized_client'),
      l('authorization_code for a password client', s.post('token', { grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT }, app), true, 'unauthorized_client'),
      l('unknown grant', s.post('token', { grant_type: 'urn:example:nope' }, machine), true, 'unsupported_grant_type'),
      l('implicit as a grant', s.post('token', { grant_type: 'implicit' }, machine), true, 'unsupported_grant_type'),
      l('no grant_type', s.post('token', {}, machine), true, 'invalid_request'),
      l('repeated parameter', raw(basic(machine).authorization, 'grant_type=client_credentials&scope=me&scope=me'), true, 'invalid_request'),
      l('non-form body', call(`/t/${s.appKey}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json', ...basic(machine) }, body: '{"grant_type":"client_credentials"}' }), true, 'invalid_request'),
      l('invalid_grant', s.post('token', { grant_type: 'refresh_token', refresh_token: 'garbage' }, app), true, 'invalid_grant'),
      l('invalid_scope', s.post('token', { grant_type: 'client_credentials', scope: 'all' }, machine), true, 'invalid_scope'),
    ];
    for (const { what, res: pending, viaHeader, expected } of cases) {
      const res = await pending;
      expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
      const body = await json(res);
      expect(body.error, what).toBe(expected);
      expect(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope'], what).toContain(body.error);
      expect(Object.keys(body).every((k) => k === 'error' || k === 'error_description'), what).toBe(true);
      if (body.error_description !== undefined) expect(body.error_description, what).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/);
      if (expected === 'invalid_client') {
        expect(res.status, what).toBe(401);
        if (viaHeader) expect(res.headers.get('www-authenticate'), what).toMatch(/^Basic\b/);
      } else {
        expect(res.status, what).toBe(400);
      }
    }
    // The public code client may still use the grants it registered for: nothing above was a refusal of the client itself.
    const ok = await s.post('token', { grant_type: 'password', username: 't1', password: u.password }, app);
    expect(ok.status).toBe(200);
    expect((await json(await s.post('token', { grant_type: 'client_credentials' }, machine))).refresh_token).toBeUndefined();
  });

  it('T-9 (policy: refuse, never narrow): a scope outside the client\'s registered scopes is invalid_scope at the token endpoint (client_credentials, password) and at authorization; registered ones are granted as asked', async () => {
    const u = await s.user('t9');
    const status = async () => (await json(await call(`/t/${s.appKey}/v1/users/${u.uuid}`, { headers: s.admin }))).password.attempt_count;
    expect(await json(await s.post('token', { grant_type: 'client_credentials', scope: 'all' }, machine))).toMatchObject({ error: 'invalid_scope' });
    expect(await json(await s.post('token', { grant_type: 'client_credentials', scope: 'me all' }, machine))).toMatchObject({ error: 'invalid_scope' });
    expect((await json(await s.post('token', { grant_type: 'client_credentials', scope: 'me' }, machine))).scope).toBe('me');
    const refused = await s.post('token', { grant_type: 'password', username: 't9', password: u.password, scope: 'all' }, app);
    expect(refused.status).toBe(400);
    expect(await json(refused)).toMatchObject({ error: 'invalid_scope' });
    expect(await json(await s.post('token', { grant_type: 'password', username: 't9', password: 'wrong-password', scope: 'all' }, app))).toMatchObject({ error: 'invalid_scope' });
    expect(await status()).toBe(0); // refused before the password was looked at: no attempt counted
    const granted = await s.passwordTokens(app, 't9', u.password, { scope: 'me openid' });
    expect(granted.scope).toBe('me openid');
    expect(decodeJwt(granted.access_token).scope).toBe('me openid');
    expect(granted.id_token).toBeTruthy();
    expect((await s.passwordTokens(app, 't9', u.password)).scope).toBe('');
    // Another client registered without scopes may ask only for the OIDC ones.
    expect(await json(await s.post('token', { grant_type: 'password', username: 't9', password: u.password, scope: 'me' }, other))).toMatchObject({ error: 'invalid_scope' });
    const web = await s.client({ name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT], scopes: ['me'] });
    const res = await call(`/t/${s.appKey}/oauth2/authorize?${new URLSearchParams({ client_id: web.client_id, response_type: 'code', redirect_uri: REDIRECT, state: 'st', scope: 'openid all' })}`, { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
  });

  it('T-12: a rotated client secret (secrets have no expiry here; rotating is adding one and deleting the old) is invalid_client; the new one works at once, also when it was added on another isolate', async () => {
    const edge = await json(await call(`/t/${s.appKey}/v1/edges`, { method: 'POST', headers: s.admin, body: JSON.stringify({ name: 'rotating' }) }));
    const cc = (secret: string) => s.post('token', { grant_type: 'client_credentials' }, { client_id: edge.uuid, client_secret: secret });
    expect((await cc(edge.client_secret)).status).toBe(200);
    const added = await json(await call(`/t/${s.appKey}/v1/edges/${edge.uuid}/secrets`, { method: 'POST', headers: s.admin, body: JSON.stringify({ name: 'next' }) }));
    expect((await cc(added.secret)).status).toBe(200);
    expect((await call(`/t/${s.appKey}/v1/edges/${edge.uuid}/secrets/${edge.secrets[0].id}`, { method: 'DELETE', headers: s.admin })).status).toBe(204);
    const old = await cc(edge.client_secret);
    expect(old.status).toBe(401);
    expect(await json(old)).toMatchObject({ error: 'invalid_client' });
    expect((await cc(added.secret)).status).toBe(200);

    // Another isolate adds a secret while this one's memo of the client is fresh: it works here at once.
    const third = 'third-secret-added-elsewhere-0123456789';
    const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(third)))].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect((await cc(added.secret)).status).toBe(200);
    await elsewhere(s.appKey, 'INSERT INTO oauth_client_secrets (tenant_id, client_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)', s.appKey, edge.uuid, 'third', digest, new Date().toISOString());
    expect((await cc(third)).status).toBe(200);
    // …and one deleted elsewhere stops within the revision memo's bound.
    await elsewhere(s.appKey, 'DELETE FROM oauth_client_secrets WHERE tenant_id = ? AND client_id = ? AND name = ?', s.appKey, edge.uuid, 'next');
    const delay = await refusedWithinBound(async () => (await cc(added.secret)).status === 401, 'a secret deleted elsewhere');
    console.log(`T-12: a secret deleted on another isolate was refused here after ${delay} ms (bound ${REVISION_TTL_MS} ms)`);
  });

  it(`R-6: a family lives ${REFRESH_TOKEN_TTL_SECONDS / DAY} days from its first token however often it rotates (issued with a pinned clock)`, async () => {
    const u = await s.user('r6');
    const credentials = { clientId: app.client_id, clientSecret: app.client_secret!, method: 'client_secret_basic' as const };
    const now = Date.now();
    const first = await passwordGrant(depsAt(new Date(now - 29 * DAY * 1000)), s.appKey, s.issuer, credentials, new Map([['username', 'r6'], ['password', u.password]]));
    expect(first.refresh_token_expires_in).toBe(REFRESH_TOKEN_TTL_SECONDS);
    const second = await refreshTokenGrant(depsAt(new Date(now - 28 * DAY * 1000)), s.appKey, s.issuer, credentials, new Map([['refresh_token', first.refresh_token!]]));
    // Rotated a day after the first: a day less to live, not a fresh 30 days.
    expect(second.refresh_token_expires_in).toBe(REFRESH_TOKEN_TTL_SECONDS - DAY);
    const third = await json(await s.post('token', { grant_type: 'refresh_token', refresh_token: second.refresh_token! }, app));
    expect(third.refresh_token_expires_in).toBeGreaterThan(DAY - 60);
    expect(third.refresh_token_expires_in).toBeLessThanOrEqual(DAY);
    const rows = await env.DB.prepare('SELECT DISTINCT expires_at AS e FROM refresh_tokens WHERE tenant_id = ? AND user_id = ?').bind(s.appKey, u.uuid).all<{ e: number }>();
    expect(rows.results).toEqual([{ e: Math.floor(now / 1000) - 29 * DAY + REFRESH_TOKEN_TTL_SECONDS }]);
    // Past the family's end the newest token is refused, though it was issued only a day before.
    const late = depsAt(new Date(now + (DAY + 1) * 1000));
    await expect(refreshTokenGrant(late, s.appKey, s.issuer, credentials, new Map([['refresh_token', third.refresh_token]]))).rejects.toMatchObject({ code: 'oauth.invalid_grant' });
    // Just before it, it still works.
    const early = depsAt(new Date(now + (DAY - 120) * 1000));
    expect((await refreshTokenGrant(early, s.appKey, s.issuer, credentials, new Map([['refresh_token', third.refresh_token]]))).refresh_token).toBeTruthy();
  });

  it('R-7: a password change, a password reset, disabling and deleting the user each end all of the user\'s families, access tokens included', async () => {
    const events: [string, (u: { uuid: string; password: string }, accessToken: string) => Promise<Response>][] = [
      ['password change', (u, at) => call(`/t/${s.appKey}/v1/me/password`, { method: 'PUT', headers: { authorization: `Bearer ${at}`, 'content-type': 'application/json' }, body: JSON.stringify({ old_password: u.password, password: 'a-new-password-1' }) })],
      ['password reset', (u) => call(`/t/${s.appKey}/v1/users/${u.uuid}/password/temporary`, { method: 'POST', headers: s.admin })],
      ['disable', (u) => call(`/t/${s.appKey}/v1/users/${u.uuid}/disable`, { method: 'POST', headers: s.admin })],
      ['delete', (u) => call(`/t/${s.appKey}/v1/users/${u.uuid}`, { method: 'DELETE', headers: s.admin })],
    ];
    for (const [what, event] of events) {
      const name = `r7-${what.replace(/ /g, '-')}`;
      const u = await s.user(name, [member]);
      const a = await s.passwordTokens(app, name, u.password);
      const b = await s.passwordTokens(other, name, u.password);
      const bRotated = await json(await s.post('token', { grant_type: 'refresh_token', refresh_token: b.refresh_token }, other));
      // Someone else's family is untouched.
      const bystander = await s.user(`${name}-x`);
      const c = await s.passwordTokens(app, `${name}-x`, bystander.password);
      expect((await s.introspect(a.access_token, app)).active, what).toBe(true);

      const res = await event(u, a.access_token);
      expect(res.status, `${what}: ${await res.clone().text()}`).toBeLessThan(300);

      expect(await json(await s.post('token', { grant_type: 'refresh_token', refresh_token: a.refresh_token }, app)), what).toMatchObject({ error: 'invalid_grant' });
      expect(await json(await s.post('token', { grant_type: 'refresh_token', refresh_token: bRotated.refresh_token }, other)), what).toMatchObject({ error: 'invalid_grant' });
      for (const [token, by] of [[a.access_token, app], [b.access_token, other], [bRotated.access_token, other]] as const) {
        expect(await s.introspect(token, by), what).toEqual({ active: false });
        expect((await s.userinfo(token)).status, what).toBe(401);
        await expect(rpc().verifyToken(s.appKey, token), what).rejects.toThrow(/invalid_token/);
      }
      expect((await s.introspect(c.access_token, app)).active, `${what}: bystander`).toBe(true);
      expect((await s.post('token', { grant_type: 'refresh_token', refresh_token: c.refresh_token }, app)).status, `${what}: bystander`).toBe(200);
    }
  });

  it("R-8: a refresh token issued in tenant X is refused by tenant Y, and stays usable at X", async () => {
    const u = await s.user('r8');
    const tokens = await s.passwordTokens(app, 'r8', u.password);
    const y = await tokenService('checklist-tokens-y');
    const yApp = await y.client({ name: 'app', grant_type: 'password', token_endpoint_auth_method: 'client_secret_basic' });
    expect(await json(await y.post('token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, yApp))).toMatchObject({ error: 'invalid_grant' });
    const foreignClient = await y.post('token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, app);
    expect(foreignClient.status).toBe(401);
    expect(await y.introspect(tokens.refresh_token, yApp)).toEqual({ active: false });
    expect((await y.post('revoke', { token: tokens.refresh_token }, yApp)).status).toBe(200);
    expect((await s.post('token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, app)).status).toBe(200);
  });

  it('V-2: revoking an access token answers 200; it is then inactive at introspection, 401 invalid_token at userinfo, refused over RPC', async () => {
    const u = await s.user('v2');
    const tokens = await s.passwordTokens(app, 'v2', u.password);
    expect((await s.userinfo(tokens.access_token)).status).toBe(200);
    const res = await s.post('revoke', { token: tokens.access_token, token_type_hint: 'access_token' }, app);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(await s.introspect(tokens.access_token, app)).toEqual({ active: false });
    const info = await s.userinfo(tokens.access_token);
    expect(info.status).toBe(401);
    expect(info.headers.get('www-authenticate')).toContain('error="invalid_token"');
    await expect(rpc().verifyToken(s.appKey, tokens.access_token)).rejects.toThrow(/invalid_token/);
    expect((await call(`/t/${s.appKey}/v1/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
  });

  it('V-7: a revocation made on another isolate is seen at once by introspection, userinfo and refresh here; by verifyToken within the revision bound', async () => {
    const u = await s.user('v7', [member]);
    const tokens = await s.passwordTokens(app, 'v7', u.password);
    // This isolate has just seen the token active: its memos are warm.
    expect((await s.introspect(tokens.access_token, app)).active).toBe(true);
    expect((await s.userinfo(tokens.access_token)).status).toBe(200);
    expect(await rpc().verifyToken(s.appKey, tokens.access_token)).toMatchObject({ sub: u.uuid });
    const { jti, exp } = decodeJwt(tokens.access_token);
    await elsewhere(s.appKey, 'INSERT INTO revoked_tokens (tenant_id, jti, expires_at) VALUES (?, ?, ?)', s.appKey, jti, exp);
    expect(await s.introspect(tokens.access_token, app)).toEqual({ active: false });
    expect((await s.userinfo(tokens.access_token)).status).toBe(401);
    const delay = await refusedWithinBound(() => rpc().verifyToken(s.appKey, tokens.access_token).then(() => false, () => true), 'verifyToken');
    console.log(`V-7: verifyToken refused a token revoked elsewhere after ${delay} ms (bound ${REVISION_TTL_MS} ms)`);
    // A family revoked elsewhere: the refresh token is read from D1 on every use.
    await elsewhere(s.appKey, 'UPDATE refresh_tokens SET revoked = 1 WHERE tenant_id = ? AND user_id = ?', s.appKey, u.uuid);
    expect(await json(await s.post('token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, app))).toMatchObject({ error: 'invalid_grant' });
  });

  it('V-8: with the tenant coordinator unreachable, revocation answers 503 with Retry-After and no-store, revokes nothing, and works once it is back', async () => {
    const u = await s.user('v8');
    const tokens = await s.passwordTokens(app, 'v8', u.password);
    await sleep(REVISION_TTL_MS + 100); // the revision memo lapses, so the request must ask the coordinator
    const down = { coordinator: 'down' as const };
    const revoke = (token: string) =>
      callWith(down, `/t/${s.appKey}/oauth2/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(app) }, body: new URLSearchParams({ token }).toString() });
    for (const token of [tokens.access_token, tokens.refresh_token]) {
      const res = await revoke(token);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await json(res)).toEqual({ error: 'server_error', error_description: 'internal error' });
    }
    expect((await s.introspect(tokens.access_token, app)).active).toBe(true);
    // This isolate remembers the failed contact for the memo's lifetime (and writes nothing meanwhile).
    await sleep(REVISION_TTL_MS + 100);
    expect((await s.post('revoke', { token: tokens.refresh_token }, app)).status).toBe(200);
    expect(await s.introspect(tokens.access_token, app)).toEqual({ active: false });
  });

  it('I-2: an active access token introspects as exactly {active, scope, client_id, sub, exp, iat, iss, aud, token_type, jti}', async () => {
    const u = await s.user('i2');
    const tokens = await s.passwordTokens(app, 'i2', u.password, { scope: 'me' });
    const claims = decodeJwt(tokens.access_token);
    const answer = await s.introspect(tokens.access_token, other);
    expect(answer).toEqual({ active: true, scope: 'me', client_id: app.client_id, sub: u.uuid, exp: claims.exp, iat: claims.iat, iss: s.issuer, aud: s.issuer, token_type: 'Bearer', jti: claims.jti });
    expect(answer.exp - answer.iat).toBe(ACCESS_TOKEN_TTL_SECONDS);
    const machineToken = await json(await s.post('token', { grant_type: 'client_credentials' }, machine));
    expect(Object.keys(await s.introspect(machineToken.access_token, app)).sort()).toEqual(['active', 'aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'scope', 'sub', 'token_type']);
  });

  it('I-5: a refresh token introspects as active for its own client only, whatever the hint; others, the tenant key, and a used or revoked one get {active:false}', async () => {
    const u = await s.user('i5');
    const tokens = await s.passwordTokens(app, 'i5', u.password, { scope: 'me' });
    for (const hint of [undefined, 'refresh_token', 'access_token', 'bogus']) {
      const answer = await s.introspect(tokens.refresh_token, app, hint ? { token_type_hint: hint } : {});
      expect(answer, hint).toEqual({ active: true, scope: 'me', client_id: app.client_id, sub: u.uuid, exp: expect.any(Number), iat: expect.any(Number), iss: s.issuer });
      expect(answer.exp - answer.iat, hint).toBe(REFRESH_TOKEN_TTL_SECONDS);
    }
    // The access token still introspects with the refresh hint (V-5 search order).
    expect((await s.introspect(tokens.access_token, app, { token_type_hint: 'refresh_token' })).active).toBe(true);
    expect(await s.introspect(tokens.refresh_token, other)).toEqual({ active: false });
    expect(await json(await s.post('introspect', { token: tokens.refresh_token }, undefined, { 'x-secret-key': s.secretKey }))).toEqual({ active: false });
    const rotated = await json(await s.post('token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, app));
    expect(await s.introspect(tokens.refresh_token, app)).toEqual({ active: false });
    expect((await s.introspect(rotated.refresh_token, app)).active).toBe(true);
    expect((await s.post('revoke', { token: rotated.refresh_token }, app)).status).toBe(200);
    expect(await s.introspect(rotated.refresh_token, app)).toEqual({ active: false });
  });

  it('J-4: a tampered payload or signature is rejected; exp in the past or nbf in the future beyond the 30 s skew is rejected, within it accepted', async () => {
    const u = await s.user('j4', [member]);
    const tokens = await s.passwordTokens(app, 'j4', u.password);
    const [header, payload, signature] = tokens.access_token.split('.') as [string, string, string];
    const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const claims = decodeJwt(tokens.access_token);
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const refused = async (token: string, what: string) => {
      await expect(rpc().verifyToken(s.appKey, token), what).rejects.toThrow(/invalid_token/);
      expect(await s.introspect(token, app), what).toEqual({ active: false });
      expect((await s.userinfo(token)).status, what).toBe(401);
      expect((await call(`/t/${s.appKey}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status, what).toBe(401);
    };
    const accepted = async (token: string, what: string) => {
      expect(await rpc().verifyToken(s.appKey, token), what).toMatchObject({ sub: u.uuid });
      expect((await s.introspect(token, app)).active, what).toBe(true);
    };
    await accepted(tokens.access_token, 'as issued');
    await refused(`${header}.${b64({ ...claims, sub: 'someone-else' })}.${signature}`, 'payload: sub changed');
    await refused(`${header}.${b64({ ...claims, exp: claims.exp! + 86400 })}.${signature}`, 'payload: exp extended');
    await refused(`${header}.${payload.slice(0, -2)}.${signature}`, 'payload truncated');
    await refused(`${header}.${payload}.${flip(signature, 10)}`, 'signature: one character');
    await refused(`${header}.${payload}.${flip(signature, signature.length - 2)}`, 'signature: last bytes');
    await refused(`${header}.${payload}.`, 'signature removed');

    // Time claims, signed with the tenant's own key.
    const deps = buildDeps(env);
    const signer = await activeSigner(deps, s.appKey);
    const now = Math.floor(Date.now() / 1000);
    const signed = (extra: Record<string, number>) =>
      new SignJWT({ ...claims, jti: crypto.randomUUID(), ...extra }).setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'at+jwt' }).sign(signer.key);
    await accepted(await signed({ iat: now - 100, exp: now + 100 }), 'signed here, valid');
    // Well clear of the 30 s boundary: the verifier's clock is a little later than `now` and may be a second on.
    await refused(await signed({ iat: now - 4000, exp: now - 40 }), 'exp 40 s ago');
    await accepted(await signed({ iat: now - 4000, exp: now - 20 }), 'exp 20 s ago (within the skew)');
    await refused(await signed({ iat: now, exp: now + 3600, nbf: now + 40 }), 'nbf in 40 s');
    await accepted(await signed({ iat: now, exp: now + 3600, nbf: now + 20 }), 'nbf in 20 s (within the skew)');
    // And a genuine token of the issuing code, issued an hour and a minute ago.
    const old = await issueAccessToken(depsAt(new Date((now - ACCESS_TOKEN_TTL_SECONDS - 60) * 1000)), { tenantId: s.appKey, issuer: s.issuer, clientId: app.client_id, subject: u.uuid, scope: '' });
    await refused(old.token, 'expired a minute ago');
  });

  it('J-1: user and client tokens have header typ at+jwt and the claims iss, exp, aud, sub, client_id, iat, jti and scope', async () => {
    const u = await s.user('j1');
    const user = await s.passwordTokens(app, 'j1', u.password, { scope: 'me' });
    const cc = await json(await s.post('token', { grant_type: 'client_credentials', scope: 'me' }, machine));
    for (const [what, token, sub, clientId] of [['user', user.access_token, u.uuid, app.client_id], ['client', cc.access_token, machine.client_id, machine.client_id]] as const) {
      expect(decodeProtectedHeader(token), what).toMatchObject({ typ: 'at+jwt', alg: 'ES256', kid: expect.any(String) });
      const claims = decodeJwt(token);
      expect(claims, what).toMatchObject({ iss: s.issuer, aud: s.issuer, sub, client_id: clientId, scope: 'me', jti: expect.any(String), iat: expect.any(Number), exp: expect.any(Number) });
      expect(claims.exp! - claims.iat!, what).toBe(ACCESS_TOKEN_TTL_SECONDS);
    }
  });

  it('I-3: expired, revoked, garbage, consumed, wrong-tenant and other clients\' refresh tokens introspect as exactly {"active":false}', async () => {
    const u = await s.user('i3', [member]);
    const live = await s.passwordTokens(app, 'i3', u.password);
    const rotated = await s.passwordTokens(app, 'i3', u.password);
    await s.post('token', { grant_type: 'refresh_token', refresh_token: rotated.refresh_token }, app);
    const revoked = await s.passwordTokens(app, 'i3', u.password);
    expect((await s.post('revoke', { token: revoked.access_token }, app)).status).toBe(200);
    const now = Math.floor(Date.now() / 1000);
    const expired = await issueAccessToken(depsAt(new Date((now - ACCESS_TOKEN_TTL_SECONDS - 120) * 1000)), { tenantId: s.appKey, issuer: s.issuer, clientId: app.client_id, subject: u.uuid, scope: '' });
    const spa = await s.client({ name: 'spa-i3', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] });
    const verifier = 'v'.repeat(43);
    const challenge = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const code = await s.code({ client_id: spa.client_id, code_challenge: challenge, code_challenge_method: 'S256' }, { username: 'i3', password: u.password });
    expect((await s.post('token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, spa)).status).toBe(200);
    const y = await tokenService('checklist-tokens-i3-y');
    const yMachine = await y.client({ name: 'm', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_basic' });
    const foreign = (await json(await y.post('token', { grant_type: 'client_credentials' }, yMachine))).access_token;
    const cases: [string, string, Client][] = [
      ['expired access token', expired.token, app],
      ['revoked access token', revoked.access_token, app],
      ['garbage', 'garbage', app],
      ['empty-looking JWT', 'a.b.c', app],
      ['consumed (rotated) refresh token', rotated.refresh_token, app],
      ['consumed authorization code', code, app],
      ['another tenant\'s access token', foreign, app],
      ['another client\'s refresh token (policy: refresh tokens are the owner\'s only)', live.refresh_token, other],
    ];
    for (const [what, token, by] of cases) {
      const res = await s.post('introspect', { token }, by);
      expect(res.status, what).toBe(200);
      expect(res.headers.get('cache-control'), what).toBe('no-store');
      expect(await res.text(), what).toBe('{"active":false}');
    }
    // …while the live ones are active (the checks above are not refusing everything).
    expect((await s.introspect(live.access_token, app)).active).toBe(true);
    expect((await s.introspect(live.refresh_token, app)).active).toBe(true);
    // Policy: any client of the tenant may introspect an access token (I-2 above), so another client's access token is active.
    expect((await s.introspect(live.access_token, other)).active).toBe(true);
  });

  it('J-2/J-3/J-5/J-6: alg none, HS256 keyed with the public key, algorithms and keys outside the tenant\'s, embedded jwk/jku/x5u, wrong iss, wrong aud, a JWT-typed token and another tenant\'s genuine token are refused by every verifier, with no fetch', async () => {
    const u = await s.user('j2', [member]);
    const genuine = await s.passwordTokens(app, 'j2', u.password);
    const claims = decodeJwt(genuine.access_token);
    const { kid } = decodeProtectedHeader(genuine.access_token);
    const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const fresh = () => ({ ...claims, jti: crypto.randomUUID() });
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const refused = async (token: string, what: string) => {
      await expect(rpc().verifyToken(s.appKey, token), what).rejects.toThrow(/invalid_token/);
      expect(await s.introspect(token, app), what).toEqual({ active: false });
      const info = await s.userinfo(token);
      expect(info.status, what).toBe(401);
      expect(info.headers.get('www-authenticate'), what).toContain('invalid_token');
      expect((await call(`/t/${s.appKey}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status, what).toBe(401);
    };
    try {
      // J-2: alg none, with and without a signature part.
      for (const alg of ['none', 'None', 'NONE']) {
        await refused(`${b64({ alg, typ: 'at+jwt', kid })}.${b64(fresh())}.`, `alg ${alg}`);
      }
      // J-2: HS256 keyed with the tenant's public key, in every form a confused verifier might use.
      const jwks = (await json(await call(`/t/${s.appKey}/.well-known/jwks.json`))).keys as JWK[];
      const pub = jwks.find((k) => k.kid === kid)!;
      const imported = await crypto.subtle.importKey('jwk', pub as JsonWebKey, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
      const spki = new Uint8Array((await crypto.subtle.exportKey('spki', imported)) as ArrayBuffer);
      const rawPoint = new Uint8Array((await crypto.subtle.exportKey('raw', imported)) as ArrayBuffer);
      const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...spki)).match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
      const te = new TextEncoder();
      for (const [form, secret] of [['spki', spki], ['raw point', rawPoint], ['pem', te.encode(pem)], ['jwk json', te.encode(JSON.stringify(pub))]] as const) {
        for (const alg of ['HS256', 'HS384', 'HS512']) {
          await refused(await new SignJWT(fresh()).setProtectedHeader({ alg, typ: 'at+jwt', kid }).sign(secret), `${alg} keyed with the ${form}`);
        }
      }
      // J-2: algorithms outside the tenant's (ES256) allowlist, naming its kid.
      for (const alg of ['ES384', 'ES512', 'RS256', 'PS256', 'EdDSA'] as const) {
        const { privateKey } = await generateKeyPair(alg, { crv: alg === 'EdDSA' ? 'Ed25519' : undefined });
        await refused(await new SignJWT(fresh()).setProtectedHeader({ alg, typ: 'at+jwt', kid }).sign(privateKey), `${alg} with the tenant's kid`);
      }
      // J-3: an attacker's ES256 key, announced in the token itself (jwk), by URL (jku, x5u), or by an unknown kid.
      const attacker = await generateKeyPair('ES256', { extractable: true });
      const attackerJwk = { ...(await exportJWK(attacker.publicKey)), kid, alg: 'ES256', use: 'sig' };
      const headers: [string, Record<string, unknown>][] = [
        ['embedded jwk, tenant kid', { jwk: attackerJwk, kid }],
        ['embedded jwk, no kid', { jwk: attackerJwk }],
        ['jku, tenant kid', { jku: 'https://attacker.example/jwks.json', kid }],
        ['jku, unknown kid', { jku: 'https://attacker.example/jwks.json', kid: 'attacker-kid' }],
        ['x5u', { x5u: 'https://attacker.example/cert.pem', kid }],
        ['unknown kid', { kid: 'attacker-kid' }],
        ['no kid', {}],
      ];
      for (const [what, extra] of headers) {
        await refused(await new SignJWT(fresh()).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', ...extra }).sign(attacker.privateKey), `J-3: ${what}`);
      }
      // J-5: signed with the tenant's own key, but for another issuer or audience, or typed as a plain JWT.
      const signer = await activeSigner(buildDeps(env), s.appKey);
      const own = (payload: Record<string, unknown>, typ = 'at+jwt') => new SignJWT({ ...fresh(), ...payload }).setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ }).sign(signer.key);
      const y = await tokenService('checklist-tokens-j5-y');
      await refused(await own({ iss: y.issuer }), 'J-5: iss of another tenant');
      await refused(await own({ iss: `${s.issuer}/` }), 'J-5: iss with a trailing slash');
      await refused(await own({ aud: 'https://api.elsewhere.example' }), 'J-5: aud of another resource');
      await refused(await own({ aud: y.issuer }), 'J-5: aud of another tenant');
      await refused(await own({}, 'JWT'), 'J-5: typ JWT (an ID token\'s)');
      await refused(await own({}, 'application/jwt'), 'J-5: typ application/jwt');
      // J-6: the genuine token of this tenant (ES256 like y's keys) is refused by tenant y's faces.
      const yApp = await y.client({ name: 'app', grant_type: 'password', token_endpoint_auth_method: 'client_secret_basic' });
      expect((await call(`/t/${y.appKey}/v1/me`, { headers: { authorization: `Bearer ${genuine.access_token}` } })).status).toBe(401);
      expect((await y.userinfo(genuine.access_token)).status).toBe(401);
      expect(await y.introspect(genuine.access_token, yApp)).toEqual({ active: false });
      await expect(rpc().verifyToken(y.appKey, genuine.access_token)).rejects.toThrow(/invalid_token/);
      // The control: the same construction with the right values is accepted.
      expect(await rpc().verifyToken(s.appKey, await own({}))).toMatchObject({ sub: u.uuid });
      expect(fetchSpy.mock.calls.map(([url]) => String(url)).filter((url) => url.includes('attacker'))).toEqual([]);
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('D-1/D-3/D-4: every endpoint of the metadata is under the tenant issuer; the required fields are there; the JWKS has only public parameters, and kids are unique across tenants', async () => {
    const meta = await json(await call(`/t/${s.appKey}/.well-known/openid-configuration`));
    expect(meta.issuer).toBe(s.issuer);
    for (const field of ['token_endpoint_auth_methods_supported', 'grant_types_supported', 'code_challenge_methods_supported', 'revocation_endpoint', 'introspection_endpoint', 'jwks_uri', 'authorization_endpoint', 'token_endpoint']) {
      expect(meta[field], field).toBeDefined();
    }
    const endpoints = Object.entries(meta).filter(([k, v]) => (k.endsWith('_endpoint') || k.endsWith('_uri')) && typeof v === 'string' && (v as string).startsWith('http'));
    expect(endpoints.length).toBeGreaterThanOrEqual(6);
    for (const [field, url] of endpoints) expect(url as string, field).toMatch(new RegExp(`^${s.issuer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`));
    expect(meta.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'none']));
    // The JWKS it names is the tenant's.
    const jwksRes = await call(new URL(meta.jwks_uri).pathname);
    expect(jwksRes.status).toBe(200);
    const mine = (await json(jwksRes)).keys as JWK[];
    const y = await tokenService('checklist-tokens-d4-y');
    await json(await y.post('token', { grant_type: 'client_credentials' }, await y.client({ name: 'm', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_basic' })));
    const theirs = (await json(await call(`/t/${y.appKey}/.well-known/jwks.json`))).keys as JWK[];
    expect(mine.length).toBeGreaterThan(0);
    expect(theirs.length).toBeGreaterThan(0);
    for (const k of [...mine, ...theirs]) {
      for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']) expect(k, priv).not.toHaveProperty(priv);
      expect(k).toMatchObject({ kid: expect.any(String), alg: expect.any(String), use: 'sig' });
    }
    const kids = [...mine, ...theirs].map((k) => k.kid);
    expect(new Set(kids).size).toBe(kids.length);
  });

  it('D-6: the JWKS max-age is no longer than the lead time with which a rotated key is published before it signs', async () => {
    const res = await call(`/t/${s.appKey}/.well-known/jwks.json`);
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBe(JWKS_MAX_AGE_SECONDS);
    const before = Date.now();
    const rotated = await admin('POST', `/tenants/${s.appKey}/signing-keys/rotate`);
    expect(rotated.status).toBe(202);
    const { kid, activatesAt } = await json(rotated);
    const leadSeconds = (Date.parse(activatesAt) - before) / 1000;
    expect(leadSeconds).toBeGreaterThanOrEqual(maxAge);
    // Published (pending) now, not signing yet (D-5 polls the JWKS itself).
    const row = await env.DB.prepare('SELECT status FROM signing_keys WHERE tenant_id = ? AND kid = ?').bind(s.appKey, kid).first<string>('status');
    expect(row).toBe('pending');
    const fresh = await json(await s.post('token', { grant_type: 'client_credentials' }, machine));
    expect(JSON.parse(atob(fresh.access_token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/'))).kid).not.toBe(kid);
  });
});
