import { env } from 'cloudflare:test';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { unseal } from '../../src/lib/crypto';
import { ADMIN_TOKEN, call } from '../helpers/http';

/**
 * S-11 (issue 6 "Secrets never leak"): every `console.*` call of the Worker — the tests run it in
 * this isolate, its Durable Objects included — is captured for a whole flow through every face:
 * an operator creates an organization and a tenant, users with temporary passwords change them,
 * API tokens, OAuth clients and their secrets, edges with secrets, every grant (client_credentials,
 * password, authorization_code + PKCE through the sign-in page, refresh), e-mail verification
 * tokens, Role API writes and checks, the control plane and the Apps API, error answers
 * (invalid credentials, replays) and real 500s (the database refusing a write). No secret the flow
 * saw, no secret whose digest is stored, no password record and no private signing key may appear
 * in any captured line. T-13/S-9: no response after a secret's creation carries it.
 */

const ORIGIN = 'https://edge-iam.test';
const REDIRECT = 'https://app.example/callback';
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Every captured console line, rendered the way a log sink would see it. */
const captured: string[] = [];

function render(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return `${value.name}: ${value.message}\n${value.stack ?? ''}${cause !== undefined && depth < 5 ? `\ncause: ${render(cause, depth + 1)}` : ''}`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Every response of the flow, in order: its request, status, Location header and body. */
interface Seen {
  label: string;
  method: string;
  path: string;
  status: number;
  text: string;
}
const responses: Seen[] = [];

/**
 * A secret the flow saw, and the index of the response that showed it (its creation: from then on
 * no response may carry it, except those listed in `allowedIn`).
 */
interface Secret {
  what: string;
  value: string;
  shownAt: number;
  allowedIn?: (r: Seen) => boolean;
}
const secrets: Secret[] = [];

function secret(what: string, value: unknown, allowedIn?: (r: Seen) => boolean): string {
  if (typeof value !== 'string' || value.length < 8) throw new Error(`${what}: expected a secret string, got ${JSON.stringify(value)}`);
  secrets.push({ what, value, shownAt: responses.length - 1, allowedIn });
  return value;
}

/** A request through the Worker's fetch handler, recorded with its answer. */
async function send(label: string, method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Seen & { res: Response; json: () => any }> {
  const res = await call(path, { method, headers: init.headers, body: init.body, redirect: 'manual' });
  const text = await res.text();
  const seen: Seen = { label, method, path, status: res.status, text: `${res.headers.get('location') ?? ''}\n${text}` };
  responses.push(seen);
  return { ...seen, res, json: () => JSON.parse(text) };
}

async function expectOk<T = any>(p: ReturnType<typeof send>, status: number): Promise<T> {
  const r = await p;
  if (r.status !== status) throw new Error(`${r.label}: expected ${status}, got ${r.status} ${r.text}`);
  return (r.text.trim() === '' ? undefined : r.json()) as T;
}

const jsonHeaders = (auth: Record<string, string>) => ({ ...auth, 'content-type': 'application/json' });
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, pw: string) => `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(pw)}`)}`;

/** Runs `fn` while the database refuses every `op` on `table` (a real SQLite trigger, dropped afterwards). */
async function whileDatabaseRefuses<T>(table: string, op: 'INSERT' | 'UPDATE', fn: () => Promise<T>): Promise<T> {
  const name = `secrets_probe_${table}_${op.toLowerCase()}`;
  await env.DB.prepare(`CREATE TRIGGER ${name} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, 'injected fault ${name}'); END`).run();
  try {
    return await fn();
  } finally {
    await env.DB.prepare(`DROP TRIGGER ${name}`).run();
  }
}

/** The forms a value may take on its way into a log line: raw, JSON-escaped (once, twice), URL- and form-encoded. */
function encodings(value: string): string[] {
  const once = JSON.stringify(value).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  return [...new Set([value, once, twice, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)])];
}

/**
 * The parts of a secret that must not appear: the whole value, and for a JWT its signature (the
 * header and claims are not secret on their own); every 16-character window of what is left, so
 * that a truncated copy is found too.
 */
function fragments(value: string): string[] {
  const parts = /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value) && value.startsWith('eyJ') ? [value, value.split('.')[2]!] : [value];
  const out = new Set<string>();
  for (const p of parts) {
    out.add(p);
    if (p.length > 24) for (let i = 0; i + 16 <= p.length; i += 4) out.add(p.slice(i, i + 16));
  }
  return [...out];
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('S-11: no secret reaches the logs of a full flow; T-13/S-9: none is answered after its creation', () => {
  const spies: { mockRestore(): void }[] = [];
  const state: Record<string, any> = {};

  beforeAll(() => {
    for (const m of CONSOLE_METHODS) {
      spies.push(
        vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
          captured.push(`[${m}] ${args.map((a) => render(a)).join(' ')}`);
        }),
      );
    }
  });
  afterAll(() => {
    for (const s of spies) s.mockRestore();
  });

  it('drives the flow: operator, Identity API, every grant, e-mails, edges, Role API, control plane, Apps API', async () => {
    secret('operator token', ADMIN_TOKEN);
    secret('key-encryption key', env.KEY_ENCRYPTION_KEY);
    const op = jsonHeaders({ authorization: `Bearer ${ADMIN_TOKEN}` });

    // Operator: an organization and its tenant (the secret key is shown once).
    const org = await expectOk(send('create organization', 'POST', '/admin/v1/organizations', { headers: op, body: JSON.stringify({ name: 'leak-probe org' }) }), 201);
    const tenant = await expectOk(send('create tenant', 'POST', '/admin/v1/tenants', { headers: op, body: JSON.stringify({ name: 'leak probe', organizationId: org.id }) }), 201);
    const appKey: string = tenant.appKey;
    let secretKey = secret('tenant secret key', tenant.secretKey);
    const sk = () => jsonHeaders({ 'x-secret-key': secretKey });
    const v1 = (p: string) => `/t/${appKey}/v1${p}`;
    state.appKey = appKey;

    const roles = await expectOk(send('list roles', 'GET', v1('/roles?per_page=200'), { headers: sk() }), 200);
    const roleId = (name: string) => roles.items.find((r: any) => r.name === name).uuid as string;

    // Users with temporary passwords; one changes it, one is reset.
    const alice = await expectOk(send('create user alice', 'POST', v1('/users'), { headers: sk(), body: JSON.stringify({ name: 'alice', role_uuids: [roleId('member')], email: 'alice@example.com' }) }), 201);
    const aliceTemp = secret('alice temporary password', alice.password.temporary_password);
    const bob = await expectOk(send('create user bob', 'POST', v1('/users'), { headers: sk(), body: JSON.stringify({ name: 'bob', role_uuids: [roleId('admin')] }) }), 201);
    secret('bob first temporary password', bob.password.temporary_password);
    const bobReset = await expectOk(send('reset bob password', 'POST', v1(`/users/${bob.uuid}/password/temporary`), { headers: sk() }), 200);
    const bobPassword = secret('bob reset temporary password', bobReset.temporary_password);

    // API tokens (shown once); alice changes her password with hers.
    const aliceApi = secret('alice API token', (await expectOk(send('create API token', 'POST', v1(`/users/${alice.uuid}/api-tokens`), { headers: sk(), body: JSON.stringify({ name: 'cli' }) }), 201)).token);
    const asAlice = jsonHeaders({ authorization: `Bearer ${aliceApi}` });
    const myApi = secret('alice own API token', (await expectOk(send('create my API token', 'POST', v1('/me/api-tokens'), { headers: asAlice, body: JSON.stringify({ name: 'mine' }) }), 201)).token);
    const alicePassword = secret('alice new password', 'N3w"pass\\phrase{x}#1');
    await expectOk(send('change password', 'PUT', v1('/me/password'), { headers: asAlice, body: JSON.stringify({ password: alicePassword, old_password: aliceTemp }) }), 200);
    const wrongOld = await send('change password with a wrong current one', 'PUT', v1('/me/password'), { headers: asAlice, body: JSON.stringify({ password: 'An0ther-pass!', old_password: 'not-her-password' }) });
    expect(wrongOld.status).toBeGreaterThanOrEqual(400);
    secret('a rejected new password', 'An0ther-pass!');
    secret('a wrong current password', 'not-her-password');
    await expectOk(send('check a password', 'POST', v1('/me/password/check'), { headers: asAlice, body: JSON.stringify({ password: secret('a checked password', 'Ch3cked{pass}word') }) }), 200);
    expect((await expectOk(send('introspect API token', 'POST', v1('/api-tokens/introspect'), { headers: sk(), body: JSON.stringify({ token: myApi }) }), 200)).active).toBe(true);
    await expectOk(send('list API tokens', 'GET', v1(`/users/${alice.uuid}/api-tokens`), { headers: sk() }), 200);
    await expectOk(send('list my API tokens', 'GET', v1('/me/api-tokens'), { headers: asAlice }), 200);
    expect((await send('a garbage bearer token', 'GET', v1('/me'), { headers: jsonHeaders({ authorization: `Bearer ${secret('a garbage bearer token', 'garbage-token-0123456789')}` }) })).status).toBe(401);

    // E-mail verification: the token lives only in the mail (the operator's outbox shows it).
    const fromOutbox = (r: Seen) => r.path.startsWith(`/admin/v1/tenants/${appKey}/outbox`);
    const email = await expectOk(send('create email', 'POST', v1(`/users/${alice.uuid}/emails`), { headers: sk(), body: JSON.stringify({ address: 'alice.work@example.com' }) }), 201);
    const outbox = await expectOk(send('read outbox', 'GET', `/admin/v1/tenants/${appKey}/outbox?page_size=100`, { headers: op }), 200);
    const mailed = /Verification token: (\S+)/.exec(outbox.items.find((m: any) => m.to === 'alice.work@example.com').body)![1]!;
    secret('e-mail verification token', mailed, fromOutbox);
    const resent = await expectOk(send('resend verification', 'POST', v1(`/users/${alice.uuid}/emails/${email.id}/verification`), { headers: sk() }), 200);
    expect(resent).toBeTruthy();
    const outbox2 = await expectOk(send('read outbox again', 'GET', `/admin/v1/tenants/${appKey}/outbox?page_size=100`, { headers: op }), 200);
    const mailed2 = /Verification token: (\S+)/.exec(outbox2.items[0].body)![1]!;
    secret('second e-mail verification token', mailed2, fromOutbox);
    expect((await send('verify with the stale token', 'PUT', v1('/emails/verified'), { headers: jsonHeaders({}), body: JSON.stringify({ verification_token: mailed }) })).status).toBe(400);
    await expectOk(send('verify email', 'PUT', v1('/emails/verified'), { headers: jsonHeaders({}), body: JSON.stringify({ verification_token: mailed2 }) }), 200);

    // OAuth clients (secrets shown once), and a second secret of alice's own client.
    const mkClient = async (label: string, body: object, headers = sk(), path = v1('/oauth2-clients')) => expectOk(send(label, 'POST', path, { headers, body: JSON.stringify(body) }), 201);
    const machine = await mkClient('create machine client', { name: 'machine', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_basic', scopes: ['all'] });
    secret('machine client secret', machine.client_secret);
    const pwClient = await mkClient('create password client', { name: 'pw', grant_type: 'password', token_endpoint_auth_method: 'client_secret_post' });
    secret('password client secret', pwClient.client_secret);
    const spa = await mkClient('create public code client', { name: 'spa', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] });
    const web = await mkClient('create confidential code client', { name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT] });
    secret('web client secret', web.client_secret);
    const mine = await mkClient('create my client', { name: 'mine', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }, asAlice, v1('/me/oauth2-clients'));
    secret('alice client secret', mine.client_secret);
    const second = await expectOk(send('add a client secret', 'POST', v1(`/me/oauth2-clients/${mine.client_id}/secrets`), { headers: asAlice, body: JSON.stringify({ name: 'second' }) }), 201);
    secret('alice client second secret', second.secret);
    await expectOk(send('get client', 'GET', v1(`/oauth2-clients/${machine.client_id}`), { headers: sk() }), 200);
    await expectOk(send('list clients', 'GET', v1('/oauth2-clients'), { headers: sk() }), 200);
    await expectOk(send('list my clients', 'GET', v1('/me/oauth2-clients'), { headers: asAlice }), 200);
    await expectOk(send('get my client', 'GET', v1(`/me/oauth2-clients/${mine.client_id}`), { headers: asAlice }), 200);

    // Token endpoint: every grant, and the refusals.
    const token = (label: string, body: Record<string, string>, headers: Record<string, string> = form) => send(label, 'POST', `/t/${appKey}/oauth2/token`, { headers, body: new URLSearchParams(body).toString() });
    secret('machine Basic credentials', basic(machine.client_id, machine.client_secret).slice(6));
    const cc = await expectOk(token('client_credentials', { grant_type: 'client_credentials', scope: 'all' }, { ...form, authorization: basic(machine.client_id, machine.client_secret) }), 200);
    const machineToken = secret('client_credentials access token', cc.access_token);
    expect((await token('client_credentials with a wrong secret', { grant_type: 'client_credentials' }, { ...form, authorization: basic(machine.client_id, secret('a wrong client secret', 'wrong-client-secret-xyz')) })).status).toBe(401);
    const mineCc = await expectOk(token('client_credentials, second secret', { grant_type: 'client_credentials', client_id: mine.client_id, client_secret: second.secret }), 200);
    secret('my client access token', mineCc.access_token);
    const pw = await expectOk(token('password grant', { grant_type: 'password', client_id: pwClient.client_id, client_secret: pwClient.client_secret, username: 'bob', password: bobPassword }), 200);
    secret('bob first access token', pw.access_token);
    secret('bob refresh token', pw.refresh_token);
    expect((await token('password grant, wrong password', { grant_type: 'password', client_id: pwClient.client_id, client_secret: pwClient.client_secret, username: 'alice', password: aliceTemp })).status).toBe(400);
    const alicePw = await expectOk(token('password grant with the new password', { grant_type: 'password', client_id: pwClient.client_id, client_secret: pwClient.client_secret, username: 'alice', password: alicePassword }), 200);
    secret('alice access token', alicePw.access_token);
    secret('alice refresh token', alicePw.refresh_token);
    const refreshed = await expectOk(token('refresh', { grant_type: 'refresh_token', client_id: pwClient.client_id, client_secret: pwClient.client_secret, refresh_token: pw.refresh_token }), 200);
    secret('refreshed access token', refreshed.access_token);
    secret('refreshed refresh token', refreshed.refresh_token);
    expect((await token('refresh token reuse', { grant_type: 'refresh_token', client_id: pwClient.client_id, client_secret: pwClient.client_secret, refresh_token: pw.refresh_token })).status).toBe(400);

    const introspect = (label: string, tok: string) =>
      send(label, 'POST', `/t/${appKey}/oauth2/introspect`, { headers: { ...form, authorization: basic(machine.client_id, machine.client_secret) }, body: new URLSearchParams({ token: tok }).toString() });
    expect(JSON.parse((await introspect('introspect an access token', alicePw.access_token)).text)).toMatchObject({ active: true });
    expect(JSON.parse((await introspect('introspect a token of a revoked family', refreshed.access_token)).text)).toEqual({ active: false });
    await expectOk(send('userinfo', 'GET', `/t/${appKey}/oauth2/userinfo`, { headers: { authorization: `Bearer ${alicePw.access_token}` } }), 200);
    await expectOk(send('revoke', 'POST', `/t/${appKey}/oauth2/revoke`, { headers: form, body: new URLSearchParams({ token: alicePw.refresh_token, client_id: pwClient.client_id, client_secret: pwClient.client_secret }).toString() }), 200);
    const bobAgain = await expectOk(token('password grant for bob again', { grant_type: 'password', client_id: pwClient.client_id, client_secret: pwClient.client_secret, username: 'bob', password: bobPassword }), 200);
    const bobAccess = secret('bob access token', bobAgain.access_token);
    secret('bob second refresh token', bobAgain.refresh_token);

    // Authorization code + PKCE through the sign-in page (a browser), with oauth4webapi's helpers.
    const issuer = new URL(`${ORIGIN}/t/${appKey}`);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { [oauth.customFetch]: ((u: string, i?: RequestInit) => call(new URL(u).pathname, i)) as typeof fetch }));
    const signIn = async (clientId: string, extra: Record<string, string>, password: string) => {
      const url = new URL(as.authorization_endpoint!);
      for (const [k, v] of Object.entries({ client_id: clientId, response_type: 'code', redirect_uri: REDIRECT, state: 'st', scope: 'openid', ...extra })) url.searchParams.set(k, v);
      const page = await call(url.pathname + url.search);
      expect(page.status).toBe(200);
      const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
      const fields = new URLSearchParams();
      for (const m of (await page.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
      fields.set('username', 'alice');
      fields.set('password', password);
      return send('sign-in form', 'POST', url.pathname, { headers: { ...form, cookie }, body: fields.toString() });
    };
    const verifier = secret('PKCE code verifier', oauth.generateRandomCodeVerifier());
    const wrongSignIn = await signIn(spa.client_id, { code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }, 'wrong-password-typed');
    secret('a password typed wrong on the sign-in page', 'wrong-password-typed');
    expect(wrongSignIn.status).toBe(400);
    const redirect = await signIn(spa.client_id, { code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', nonce: 'n-1' }, alicePassword);
    expect([302, 303]).toContain(redirect.status);
    const code = secret('authorization code', new URL(redirect.res.headers.get('location')!).searchParams.get('code'));
    const exchanged = await expectOk(token('code exchange', { grant_type: 'authorization_code', client_id: spa.client_id, code, redirect_uri: REDIRECT, code_verifier: verifier }), 200);
    secret('code access token', exchanged.access_token);
    secret('code refresh token', exchanged.refresh_token);
    secret('ID token', exchanged.id_token);
    expect((await token('code replay', { grant_type: 'authorization_code', client_id: spa.client_id, code, redirect_uri: REDIRECT, code_verifier: verifier })).status).toBe(400);
    const webRedirect = await signIn(web.client_id, {}, alicePassword);
    const webCode = secret('confidential client code', new URL(webRedirect.res.headers.get('location')!).searchParams.get('code'));
    expect((await token('code with a wrong client secret', { grant_type: 'authorization_code', code: webCode, redirect_uri: REDIRECT }, { ...form, authorization: basic(web.client_id, 'not-the-web-secret') })).status).toBe(401);
    secret('a wrong client secret at the code exchange', 'not-the-web-secret');
    const webTokens = await expectOk(token('confidential code exchange', { grant_type: 'authorization_code', code: webCode, redirect_uri: REDIRECT }, { ...form, authorization: basic(web.client_id, web.client_secret) }), 200);
    secret('confidential code access token', webTokens.access_token);
    secret('confidential code refresh token', webTokens.refresh_token);

    // Edges: secrets shown once; an edge signs in; its token reads /edges/me.
    const edge = await expectOk(send('create edge', 'POST', v1('/edges'), { headers: sk(), body: JSON.stringify({ name: 'edge-1' }) }), 201);
    const edgeSecret = secret('edge client secret', edge.client_secret);
    const edgeSecret2 = secret('edge second secret', (await expectOk(send('add edge secret', 'POST', v1(`/edges/${edge.uuid}/secrets`), { headers: sk(), body: JSON.stringify({ name: 'two' }) }), 201)).secret);
    const myEdge = await expectOk(send('create my edge', 'POST', v1('/me/edges'), { headers: asAlice, body: JSON.stringify({ name: 'alice-edge' }) }), 201);
    secret('my edge client secret', myEdge.client_secret);
    const edgeToken = secret('edge access token', (await expectOk(token('edge signs in', { grant_type: 'client_credentials', client_id: edge.uuid, client_secret: edgeSecret2 }), 200)).access_token);
    await expectOk(send('edge reads itself', 'GET', v1('/edges/me'), { headers: { authorization: `Bearer ${edgeToken}` } }), 200);
    expect(edgeSecret).not.toBe(edgeSecret2);
    await expectOk(send('get edge', 'GET', v1(`/edges/${edge.uuid}`), { headers: sk() }), 200);
    await expectOk(send('list edges', 'GET', v1('/edges'), { headers: sk() }), 200);
    await expectOk(send('list my edges', 'GET', v1('/me/edges'), { headers: asAlice }), 200);

    // Identity API reads, and the HTTP check.
    await expectOk(send('get user', 'GET', v1(`/users/${alice.uuid}`), { headers: sk() }), 200);
    await expectOk(send('list users', 'GET', v1('/users'), { headers: sk() }), 200);
    await expectOk(send('me', 'GET', v1('/me'), { headers: { authorization: `Bearer ${webTokens.access_token}` } }), 200);
    await expectOk(send('http check', 'POST', v1('/authorization/http'), { headers: sk(), body: JSON.stringify({ subject: alice.uuid, scopes: ['me'], path: '/v1/me', method: 'GET' }) }), 200);
    await expectOk(send('http check /me', 'POST', v1('/authorization/http/me'), { headers: jsonHeaders({ authorization: `Bearer ${bobAccess}` }), body: JSON.stringify({ path: '/v1/users', method: 'GET' }) }), 200);

    // Role API writes and checks (X-Min-Revision too).
    const role = (label: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      send(label, method, `/role/v3.0/appkeys/${appKey}${path}`, { headers: { ...sk(), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    await role('role', 'POST', '/roles', { role: { roleId: 'READER', exposureOrder: 0 } });
    await role('operation', 'POST', '/operations', { operationId: 'GET' });
    await role('resource', 'POST', '/resources', { resourceId: 'docs', uiPath: '/Docs', path: '/docs/{id}', priority: 0 });
    await role('grant', 'POST', '/resources/docs/authorizations', { roleId: 'READER', operationId: 'GET' });
    await role('Role API user', 'POST', '/users', { users: [{ userId: 'reader', roleRelations: [{ roleId: 'READER', scopeId: 'ALL' }] }] });
    const allowed = await role('check', 'POST', '/users/reader/authorizations/resources', { resources: [{ operationId: 'GET', resourcePath: '/docs/1' }] });
    expect(JSON.parse(allowed.text).authorizations[0].permission).toBe(true);
    const write = await role('user role change', 'PUT', '/users/reader/scopes/ALL', { user: { roleRelations: [] } });
    const revision = write.res.headers.get('x-revision') ?? '0';
    const check = await role('check at the write', 'POST', '/users/reader/authorizations/resources', { resources: [{ operationId: 'GET', resourcePath: '/docs/1' }] }, { 'x-min-revision': revision });
    expect(JSON.parse(check.text).authorizations[0].permission).toBe(false);
    await role('check roles', 'POST', `/users/${alice.uuid}/authorizations/roles`, { roles: [{ roleId: 'READER' }] });
    await role('config', 'PUT', '/config/cache-evict');
    expect(JSON.parse((await role('wrong secret key', 'GET', '/roles', undefined, { 'x-secret-key': secret('a wrong secret key', 'wrong-secret-key-0123456789') })).text).header.resultCode).toBe(401);

    // Control plane, with the operator token and with bob's (admin role) access token.
    const cp = (label: string, method: string, path: string, headers: Record<string, string>, body?: unknown) =>
      send(label, method, `/v1/management/organizations/${org.id}/tenants/${appKey}${path}`, { headers: jsonHeaders(headers), body: body === undefined ? undefined : JSON.stringify(body) });
    await expectOk(cp('control plane roles', 'GET', '/roles', { authorization: `Bearer ${ADMIN_TOKEN}` }), 200);
    await expectOk(cp('control plane permission', 'POST', '/permissions', { authorization: `Bearer ${bobAccess}` }, { name: 'leak-probe' }), 201);
    expect((await cp('control plane, machine token', 'GET', '/permissions', { authorization: `Bearer ${machineToken}` })).status).toBeLessThan(500);

    // Apps API: the password client on the allow-list, bob's token.
    await send('allow client', 'PUT', `/admin/v1/tenants/${appKey}/apps/allowed-clients/${pwClient.client_id}`, { headers: op });
    const appsToken = secret('apps access token', (await expectOk(token('apps sign-in', { grant_type: 'password', client_id: pwClient.client_id, client_secret: pwClient.client_secret, username: 'bob', password: bobPassword }), 200)).access_token);
    await expectOk(send('apps me', 'GET', `/t/${appKey}/apps/v1/me`, { headers: { authorization: `Bearer ${appsToken}` } }), 200);
    await send('apps users', 'GET', `/t/${appKey}/apps/v1/users`, { headers: { authorization: `Bearer ${appsToken}` } });

    // Operator reads, key rotations, the purge.
    await expectOk(send('get tenant', 'GET', `/admin/v1/tenants/${appKey}`, { headers: op }), 200);
    await expectOk(send('list tenants', 'GET', `/admin/v1/tenants?organizationId=${org.id}`, { headers: op }), 200);
    await expectOk(send('rotate signing key', 'POST', `/admin/v1/tenants/${appKey}/signing-keys/rotate`, { headers: op }), 202);
    await expectOk(send('jwks', 'GET', `/t/${appKey}/.well-known/jwks.json`), 200);
    const rotated = await expectOk(send('rotate secret key', 'POST', `/admin/v1/tenants/${appKey}/secret-key/rotate`, { headers: op }), 200);
    const old = secretKey;
    secretKey = secret('rotated tenant secret key', rotated.secretKey);
    expect((await send('old secret key', 'GET', v1('/users'), { headers: jsonHeaders({ 'x-secret-key': old }) })).status).toBe(401);
    await expectOk(send('purge', 'POST', '/admin/v1/maintenance/purge', { headers: op }), 200);
    expect((await send('wrong operator token', 'GET', '/admin/v1/tenants', { headers: jsonHeaders({ authorization: `Bearer ${secret('a wrong operator token', 'wrong-operator-token-0123')}` }) })).status).toBe(401);
    state.alice = alice.uuid;
    state.asAlice = asAlice;
    state.sk = sk;
    state.machine = machine;
    state.pwClient = pwClient;
    state.bobPassword = bobPassword;
  });

  it('H-2: provokes real 500s (the database refuses a write) on every face; each answer is generic, each is logged with its request id, and the capture sees it', async () => {
    const { appKey, alice, asAlice, sk, machine } = state;
    const v1 = (p: string) => `/t/${appKey}/v1${p}`;
    const op = jsonHeaders({ authorization: `Bearer ${ADMIN_TOKEN}` });
    const before = captured.length;
    const failures: Seen[] = [];
    failures.push(await whileDatabaseRefuses('mail_outbox', 'INSERT', () => send('create email, mail refused', 'POST', v1(`/users/${alice}/emails`), { headers: sk(), body: JSON.stringify({ address: 'refused@example.com' }) })));
    failures.push(await whileDatabaseRefuses('api_tokens', 'INSERT', () => send('API token refused', 'POST', v1('/me/api-tokens'), { headers: asAlice, body: JSON.stringify({ name: 'refused' }) })));
    failures.push(await whileDatabaseRefuses('identity_accounts', 'UPDATE', () => send('password change refused', 'PUT', v1('/me/password'), { headers: asAlice, body: JSON.stringify({ password: secret('a refused new password', 'Refused{new}pass1'), old_password: 'N3w"pass\\phrase{x}#1' }) })));
    failures.push(await whileDatabaseRefuses('oauth_client_secrets', 'INSERT', () => send('client refused', 'POST', v1('/oauth2-clients'), { headers: sk(), body: JSON.stringify({ name: 'refused', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }) })));
    failures.push(
      await whileDatabaseRefuses('refresh_tokens', 'INSERT', () =>
        send('password grant, refresh token refused', 'POST', `/t/${appKey}/oauth2/token`, {
          headers: form,
          body: new URLSearchParams({ grant_type: 'password', client_id: state.pwClient.client_id, client_secret: state.pwClient.client_secret, username: 'bob', password: state.bobPassword }).toString(),
        }),
      ),
    );
    failures.push(
      await whileDatabaseRefuses('revoked_tokens', 'INSERT', async () => {
        const cc = await call(`/t/${appKey}/oauth2/token`, { method: 'POST', headers: { ...form, authorization: basic(machine.client_id, machine.client_secret) }, body: 'grant_type=client_credentials' });
        const access = secret('a token whose revocation is refused', ((await cc.json()) as any).access_token);
        return send('revocation refused', 'POST', `/t/${appKey}/oauth2/revoke`, { headers: { ...form, authorization: basic(machine.client_id, machine.client_secret) }, body: new URLSearchParams({ token: access }).toString() });
      }),
    );
    failures.push(await whileDatabaseRefuses('tenants', 'UPDATE', () => send('secret-key rotation refused', 'POST', `/admin/v1/tenants/${appKey}/secret-key/rotate`, { headers: op })));
    failures.push(await whileDatabaseRefuses('signing_keys', 'INSERT', () => send('signing-key rotation refused (in the Durable Object)', 'POST', `/admin/v1/tenants/${appKey}/signing-keys/rotate`, { headers: op })));
    failures.push(await whileDatabaseRefuses('user_role_relations', 'INSERT', () => send('Role API write refused', 'POST', `/role/v3.0/appkeys/${appKey}/users`, { headers: sk(), body: JSON.stringify({ users: [{ userId: 'refused', roleRelations: [{ roleId: 'READER', scopeId: 'ALL' }] }] }) })));
    // A failure of the storage layer answers 500, or 503 where it is reported as unavailable (the Durable Object path).
    const serverErrors = failures.filter((f) => f.status >= 500 || f.text.includes('"resultCode":500'));
    // Most of these must really fail with a 500 (some flows may refuse earlier, e.g. a 4xx): at
    // least the e-mail, API-token, client and rotation writes, which have no other way out.
    expect(serverErrors.map((f) => f.label)).toEqual(expect.arrayContaining(['create email, mail refused', 'API token refused', 'client refused', 'secret-key rotation refused', 'signing-key rotation refused (in the Durable Object)']));
    const logged = captured.slice(before).filter((l) => l.includes('injected fault'));
    expect(logged.length).toBeGreaterThanOrEqual(serverErrors.length);
    for (const line of logged) expect(line).toMatch(/"requestId":"[^"]+"/);
    // H-2: the answers are generic: no stack trace, SQL, driver or file text; server_error on OAuth routes.
    expect(serverErrors.filter((f) => f.path.includes('/oauth2/') && f.status === 500).length).toBeGreaterThan(0);
    for (const f of serverErrors) {
      expect(f.text, f.label).not.toMatch(/injected fault|SQLITE|D1_ERROR|INSERT|UPDATE |secrets_probe|\.ts:\d+|\n\s+at |Error:/);
      if (f.path.includes('/oauth2/') && f.status === 500) expect(JSON.parse(f.text.slice(f.text.indexOf('\n') + 1)), f.label).toEqual({ error: 'server_error', error_description: expect.any(String) });
    }
  });

  it('no secret the flow saw appears in any captured line, in any encoding, not even 16 characters of it', async () => {
    expect(captured.length).toBeGreaterThan(0);
    const logs = captured.join('\n');
    const found: string[] = [];
    for (const s of secrets) {
      for (const f of fragments(s.value)) for (const e of encodings(f)) if (logs.includes(e)) found.push(`${s.what}: ${JSON.stringify(e)}`);
    }
    expect([...new Set(found)]).toEqual([]);
  });

  it('no secret whose digest is stored (tokens, codes, client and tenant secrets, mailed tokens), no digest and no password record appears', async () => {
    const digests = new Set<string>();
    const tables = (await env.DB.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'").all<{ name: string; sql: string }>()).results;
    let passwordRecords = 0;
    for (const { name: table, sql } of tables) {
      // Column names from the schema text (D1 does not authorize PRAGMA table_info).
      const columns = [...new Set([...sql.matchAll(/[`"]?([a-z_]*(?:_hash|password[a-z_]*))[`"]?\s+text/g)].map((m) => m[1]!))];
      for (const column of columns) {
        for (const row of (await env.DB.prepare(`SELECT ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL`).all<{ v: string }>()).results) {
          if (/^[0-9a-f]{64}$/.test(row.v)) digests.add(row.v);
          if (row.v.startsWith('pbkdf2-')) passwordRecords += 1;
        }
      }
    }
    state.digests = digests;
    expect(digests.size).toBeGreaterThan(20);
    expect(passwordRecords).toBeGreaterThanOrEqual(2);
    const logs = captured.join('\n');
    // Any run of token characters, and its pieces around dots (a mailed token is `{id}.{secret}`).
    const candidates = new Set<string>();
    for (const m of logs.matchAll(/[A-Za-z0-9_\-.~+/=!]{16,}/g)) {
      candidates.add(m[0]);
      for (const part of m[0].split(/[.~+/=!]/)) if (part.length >= 16) candidates.add(part);
    }
    const hits: string[] = [];
    for (const c of candidates) if (digests.has(await sha256Hex(c))) hits.push(c);
    expect(hits).toEqual([]);
    expect([...digests].filter((d) => logs.includes(d))).toEqual([]);
    expect(logs).not.toMatch(/pbkdf2-sha256\$/);
    expect(logs).not.toContain('Verification token:');
  });

  it("D-7/S-11: the tenant's private signing keys — sealed blobs and the unsealed `d` — appear in no log line and no response", async () => {
    const rows = (await env.DB.prepare('SELECT private_jwk_sealed AS sealed FROM signing_keys WHERE tenant_id = ?').bind(state.appKey).all<{ sealed: string }>()).results;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const logs = captured.join('\n');
    const answers = responses.map((r) => r.text).join('\n');
    const fromB64url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
    const kek = await crypto.subtle.importKey('raw', fromB64url(env.KEY_ENCRYPTION_KEY!), 'AES-GCM', false, ['decrypt']);
    const otherKek = await crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(32)), 'AES-GCM', false, ['decrypt']);
    for (const { sealed } of rows) {
      expect(sealed).not.toContain('"d"');
      // D-7: the row is not a JWK, PKCS8 or PEM in any encoding: it is iv.ciphertext, which AES-GCM under
      // the Worker's KEK (and only under it) opens — decrypted here with WebCrypto directly, not the code under test.
      expect(sealed).toMatch(/^[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
      const [iv, data] = sealed.split('.') as [string, string];
      const body = new TextDecoder('latin1').decode(fromB64url(data));
      expect(body).not.toMatch(/"d"|"kty"|PRIVATE KEY/);
      expect(fromB64url(data)[0]).not.toBe(0x30); // not DER (PKCS8 starts with a SEQUENCE)
      expect(() => JSON.parse(atob(data.replace(/-/g, '+').replace(/_/g, '/')))).toThrow();
      const opened = JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64url(iv) }, kek, fromB64url(data))));
      expect(opened).toMatchObject({ d: expect.any(String), kty: expect.any(String) });
      await expect(crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64url(iv) }, otherKek, fromB64url(data))).rejects.toThrow();
      const jwk = JSON.parse(await unseal(sealed, env.KEY_ENCRYPTION_KEY!)) as { d: string };
      expect(jwk.d.length).toBeGreaterThanOrEqual(43);
      for (const value of [sealed, sealed.split('.')[1]!, jwk.d]) {
        for (const f of fragments(value)) {
          expect(logs.includes(f), 'private key material in the logs').toBe(false);
          expect(answers.includes(f), 'private key material in a response').toBe(false);
        }
      }
    }
  });

  it('S-9: no secret of the flow is stored in the clear: every D1 row and every KV value is free of them (the outbox excepted, for the mail it must send)', async () => {
    const tables = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' AND name <> 'd1_migrations'").all<{ name: string }>()).results.map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['api_tokens', 'oauth_client_secrets', 'refresh_tokens', 'authorization_codes', 'identity_accounts', 'tenants']));
    const stored: string[] = [];
    for (const table of tables) {
      if (table === 'mail_outbox') continue;
      stored.push(`${table}: ${JSON.stringify((await env.DB.prepare(`SELECT * FROM ${table}`).all()).results)}`);
    }
    let cursor: string | undefined;
    do {
      const page: KVNamespaceListResult<unknown, string> = await env.CACHE.list({ cursor });
      for (const key of page.keys) stored.push(`kv ${key.name}: ${(await env.CACHE.get(key.name)) ?? ''}`);
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    const everything = stored.join('\n');
    expect(everything.length).toBeGreaterThan(10_000);
    const found: string[] = [];
    for (const sec of secrets) {
      const jwt = /^[\w-]+\.[\w-]+\.[\w-]+$/.test(sec.value) && sec.value.startsWith('eyJ');
      for (const value of new Set([sec.value, ...(jwt ? [sec.value.split('.')[2]!] : []), ...encodings(sec.value)])) {
        if (everything.includes(value)) found.push(sec.what);
      }
    }
    expect([...new Set(found)]).toEqual([]);
  });

  it('T-13/S-9: no response after a secret was shown carries it again (the operator outbox excepted, for mailed tokens), and none carries a digest', () => {
    const found: string[] = [];
    for (const s of secrets) {
      for (let i = s.shownAt + 1; i < responses.length; i++) {
        const r = responses[i]!;
        if (s.allowedIn?.(r)) continue;
        if (r.text.includes(s.value)) found.push(`${s.what} in #${i} ${r.label} (${r.method} ${r.path})`);
      }
    }
    expect(found).toEqual([]);
    // Nor a stored digest or password record, in any response at all.
    const answers = responses.map((r) => r.text).join('\n');
    expect(state.digests.size).toBeGreaterThan(20);
    expect([...(state.digests as Set<string>)].filter((d) => answers.includes(d))).toEqual([]);
    expect(answers).not.toContain('pbkdf2');
    // The list and get endpoints the flow read are among those checked.
    const reads = responses.filter((r) => r.method === 'GET' && r.status === 200).map((r) => r.label);
    expect(reads).toEqual(expect.arrayContaining(['list users', 'get user', 'list clients', 'get client', 'list edges', 'get edge', 'list API tokens', 'list my clients', 'get tenant', 'list tenants']));
  });
});
