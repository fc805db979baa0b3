import { env } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticateClient } from '../../../src/domain/clients/clients';
import { timingSafeEqual } from '../../../src/lib/crypto';
import { PBKDF2_ITERATIONS, verifyPassword } from '../../../src/lib/password';
import { buildDeps } from '../../../src/storage/deps';
import { REVISION_TTL_MS } from '../../../src/storage/decision-cache';
import { call, json } from '../../helpers/http';
import { defaultRoleId } from '../../helpers/identity';
import { REDIRECT, tokenService, type Client } from '../../helpers/oauth';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A password record as an older deployment would have written it (`iterations`, `saltBytes`). */
async function legacyRecord(password: string, iterations: number, saltBytes: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(saltBytes));
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const hash = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
  return `pbkdf2-sha256$${iterations}$${b64url(salt)}$${b64url(hash)}`;
}

describe('token service checklist: passwords, secrets and API tokens', () => {
  let s: Awaited<ReturnType<typeof tokenService>>;
  let app: Client;
  let member: string;
  const storedHash = (uuid: string) => env.DB.prepare('SELECT password_hash AS h FROM identity_accounts WHERE tenant_id = ? AND user_id = ?').bind(s.appKey, uuid).first<string>('h');
  const grant = (username: string, password: string) => s.post('token', { grant_type: 'password', username, password }, app);

  beforeAll(async () => {
    s = await tokenService('checklist-passwords');
    member = await defaultRoleId(s.t, 'member');
    app = await s.client({ name: 'app', grant_type: 'password', token_endpoint_auth_method: 'client_secret_basic' });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('S-3: verification replays the stored parameters; a successful sign-in rehashes an older record with today\'s, a failed one leaves it', async () => {
    for (const [iterations, saltBytes] of [[1000, 16], [PBKDF2_ITERATIONS, 8]] as const) {
      const name = `s3-${iterations}-${saltBytes}`;
      const u = await s.user(name);
      const password = `legacy-password-${iterations}`;
      const legacy = await legacyRecord(password, iterations, saltBytes);
      await env.DB.prepare('UPDATE identity_accounts SET password_hash = ? WHERE tenant_id = ? AND user_id = ?').bind(legacy, s.appKey, u.uuid).run();
      expect((await grant(name, 'wrong-password')).status).toBe(400);
      expect(await storedHash(u.uuid)).toBe(legacy);
      expect((await grant(name, password)).status).toBe(200);
      const upgraded = (await storedHash(u.uuid))!;
      expect(upgraded).not.toBe(legacy);
      expect(upgraded).toMatch(new RegExp(`^pbkdf2-sha256\\$${PBKDF2_ITERATIONS}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
      expect(await verifyPassword(password, upgraded)).toBe(true);
      // Signing in again with a current record changes nothing.
      expect((await grant(name, password)).status).toBe(200);
      expect(await storedHash(u.uuid)).toBe(upgraded);
    }
  });

  it('S-7: an unknown user and a wrong password get the same status and body, and cost the same: one PBKDF2 at the production count (grant and sign-in page)', async () => {
    const u = await s.user('s7');
    const derive = vi.spyOn(crypto.subtle, 'deriveBits');
    const iterationsOf = () => derive.mock.calls.map(([params]) => (params as { iterations?: number }).iterations);
    const attempt = async (username: string) => {
      derive.mockClear();
      const res = await grant(username, 'not-the-password');
      return { status: res.status, body: await res.text(), work: iterationsOf() };
    };
    const unknown = await attempt('nobody-here');
    const wrong = await attempt('s7');
    expect(unknown).toEqual(wrong);
    expect(wrong).toMatchObject({ status: 400, work: [PBKDF2_ITERATIONS] });
    expect(JSON.parse(wrong.body).error).toBe('invalid_grant');
    // A disabled account answers the same, with the same work.
    await call(`/t/${s.appKey}/v1/users/${u.uuid}/disable`, { method: 'POST', headers: s.admin });
    expect(await attempt('s7')).toEqual(wrong);
    await call(`/t/${s.appKey}/v1/users/${u.uuid}/enable`, { method: 'POST', headers: s.admin });

    // The sign-in page: the same page for both (once the per-request CSRF token is set aside).
    const web = await s.client({ name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT] });
    const page = async (username: string) => {
      derive.mockClear();
      const res = await s.signIn({ client_id: web.client_id }, { username, password: 'not-the-password' });
      return { status: res.status, page: (await res.text()).replace(/name="csrf_token" value="[^"]*"/, ''), work: iterationsOf() };
    };
    const pageUnknown = await page('nobody-here');
    expect(pageUnknown).toEqual(await page('s7'));
    expect(pageUnknown).toMatchObject({ status: 400, work: [PBKDF2_ITERATIONS] });
  });

  it('S-8: at least 8 characters, up to 512 allowed, no composition rules, no truncation or case folding; changing it requires the current password', async () => {
    const u = await s.user('s8', [member]);
    let current = u.password;
    const tokenNow = async () => (await s.passwordTokens(app, 's8', current)).access_token as string;
    const check = async (password: string) => json(await call(`/t/${s.appKey}/v1/me/password/check`, { method: 'POST', headers: { authorization: `Bearer ${await tokenNow()}`, 'content-type': 'application/json' }, body: JSON.stringify({ password }) }));
    const change = async (password: string, oldPassword = current) =>
      call(`/t/${s.appKey}/v1/me/password`, { method: 'PUT', headers: { authorization: `Bearer ${await tokenNow()}`, 'content-type': 'application/json' }, body: JSON.stringify({ password, old_password: oldPassword }) });

    expect((await check('1234567')).valid).toBe(false);
    for (const ok of ['12345678', 'abcdefgh', 'aaaaaaaa', 'x'.repeat(64), 'y'.repeat(512)]) expect((await check(ok)).valid, ok).toBe(true);
    expect((await change('1234567')).status).toBe(400);
    expect((await change('x'.repeat(513))).status).toBe(400);
    // The current password is required, and must be right.
    expect((await change('abcdefgh', 'wrong-old-password')).status).toBe(403);
    const missing = await call(`/t/${s.appKey}/v1/me/password`, { method: 'PUT', headers: { authorization: `Bearer ${await tokenNow()}`, 'content-type': 'application/json' }, body: JSON.stringify({ password: 'abcdefgh' }) });
    expect(missing.status).toBe(400);

    // Lower-case letters only (no composition rule) and 8 characters are enough.
    expect((await change('abcdefgh')).status).toBe(200);
    current = 'abcdefgh';
    expect((await grant('s8', 'ABCDEFGH')).status).toBe(400); // no case folding
    expect((await grant('s8', 'abcdefgh')).status).toBe(200);

    // 512 characters: every one counts (no truncation at 72 like bcrypt, or anywhere else).
    const long = `${'p'.repeat(300)}${'q'.repeat(211)}r`;
    expect((await change(long)).status).toBe(200);
    current = long;
    for (const near of [long.slice(0, 72), long.slice(0, 511), `${long.slice(0, 511)}s`, long.slice(0, 256)]) expect((await grant('s8', near)).status, `${near.length}`).toBe(400);
    expect((await grant('s8', long)).status).toBe(200);
    expect((await grant('s8', long.toUpperCase())).status).toBe(400);
    // Unlock after the failures above, so the account is usable for nothing else in this test.
    await call(`/t/${s.appKey}/v1/users/${u.uuid}/password/unlock`, { method: 'POST', headers: s.admin });
  });

  it('S-5: the lockout covers every password path: wrong current passwords at Change Password count toward it, a locked account cannot change its password (nor guess there), and the lock holds at the grant', async () => {
    const u = await s.user('s5-change', [member]);
    const access = (await s.passwordTokens(app, 's5-change', u.password)).access_token as string;
    const count = async () => (await json(await call(`/t/${s.appKey}/v1/users/${u.uuid}`, { headers: s.admin }))).password.attempt_count;
    const change = (oldPassword: string) =>
      call(`/t/${s.appKey}/v1/me/password`, { method: 'PUT', headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json' }, body: JSON.stringify({ old_password: oldPassword, password: 'a-brand-new-password' }) });
    for (let i = 1; i <= 5; i++) {
      expect((await change(`guess-${i}-wrong`)).status).toBe(403);
      expect(await count()).toBe(i);
    }
    // Locked: the right current password is refused here (as at the grant), and the refusal is not counted.
    const locked = await change(u.password);
    expect(locked.status).toBe(403);
    expect(await count()).toBe(5);
    expect(await json(await grant('s5-change', u.password))).toMatchObject({ error: 'invalid_grant' });
    // …and at the sign-in page, which answers the same page as for a wrong password, without a redirect.
    const web = await s.client({ name: 'web-s5', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT] });
    const page = await s.signIn({ client_id: web.client_id }, { username: 's5-change', password: u.password });
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(await count()).toBe(5);
    // Unlocked by the tenant, a wrong guess counts again; then the right password changes it and resets the count.
    await call(`/t/${s.appKey}/v1/users/${u.uuid}/password/unlock`, { method: 'POST', headers: s.admin });
    expect((await change('one-more-wrong-guess')).status).toBe(403);
    expect(await count()).toBe(1);
    expect((await change(u.password)).status).toBe(200);
    expect(await count()).toBe(0);
  });

  it('S-10: a deleted API token or user stops working at once through the faces, and on every isolate within the revision bound (revision-checked, not a TTL)', async () => {
    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    const me = async (token: string) => (await call(`/t/${s.appKey}/v1/me`, bearer(token))).status;
    // Through the face.
    const u = await s.user('s10', [member]);
    const created = await json(await call(`/t/${s.appKey}/v1/users/${u.uuid}/api-tokens`, { method: 'POST', headers: s.admin, body: JSON.stringify({ name: 'ci' }) }));
    expect(await me(created.token)).toBe(200);
    expect((await call(`/t/${s.appKey}/v1/users/${u.uuid}/api-tokens/${created.id}`, { method: 'DELETE', headers: s.admin })).status).toBe(204);
    expect(await me(created.token)).toBe(401);
    const access = (await s.passwordTokens(app, 's10', u.password)).access_token;
    const another = await json(await call(`/t/${s.appKey}/v1/users/${u.uuid}/api-tokens`, { method: 'POST', headers: s.admin, body: JSON.stringify({ name: 'ci2' }) }));
    expect([await me(access), await me(another.token)]).toEqual([200, 200]);
    expect((await call(`/t/${s.appKey}/v1/users/${u.uuid}`, { method: 'DELETE', headers: s.admin })).status).toBe(204);
    expect([await me(access), await me(another.token), (await s.userinfo(access)).status]).toEqual([401, 401, 401]);

    // On another isolate: its D1 write and revision bump, unheard of by this isolate's memos.
    const elsewhere = async (sql: string[], ...binds: unknown[]) => {
      await env.DB.batch(sql.map((q) => env.DB.prepare(q).bind(...binds)));
      await env.TENANT.get(env.TENANT.idFromName(s.appKey)).bumpRevision();
    };
    const within = async (token: string, what: string) => {
      const started = Date.now();
      while ((await me(token)) !== 401) {
        expect(Date.now() - started, `${what} still accepted after the bound`).toBeLessThan(REVISION_TTL_MS + 1000);
        await sleep(50);
      }
      return Date.now() - started;
    };
    const v = await s.user('s10-elsewhere', [member]);
    const kept = await json(await call(`/t/${s.appKey}/v1/users/${v.uuid}/api-tokens`, { method: 'POST', headers: s.admin, body: JSON.stringify({ name: 'kept' }) }));
    const dropped = await json(await call(`/t/${s.appKey}/v1/users/${v.uuid}/api-tokens`, { method: 'POST', headers: s.admin, body: JSON.stringify({ name: 'dropped' }) }));
    const vAccess = (await s.passwordTokens(app, 's10-elsewhere', v.password)).access_token;
    expect([await me(kept.token), await me(dropped.token), await me(vAccess)]).toEqual([200, 200, 200]);
    await elsewhere(['DELETE FROM api_tokens WHERE tenant_id = ? AND id = ?'], s.appKey, dropped.id);
    const tokenDelay = await within(dropped.token, 'an API token deleted elsewhere');
    expect(await me(kept.token)).toBe(200);
    // The user's rows as a deletion removes them (the account, and the principal of every face).
    await elsewhere(['DELETE FROM identity_accounts WHERE tenant_id = ? AND user_id = ?', 'DELETE FROM user_role_relations WHERE tenant_id = ? AND user_id = ?', 'DELETE FROM users WHERE tenant_id = ? AND user_id = ?'], s.appKey, v.uuid);
    const userDelay = await Promise.all([within(kept.token, 'a deleted user\'s API token'), within(vAccess, 'a deleted user\'s access token')]);
    console.log(`S-10: refused after ${tokenDelay} ms (API token deleted elsewhere) and ${userDelay.join(' / ')} ms (user deleted elsewhere); bound ${REVISION_TTL_MS} ms`);
  });
});

describe('T-11: client secrets compare in constant time (unit)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('T-11: timingSafeEqual hands equal-length inputs to crypto.subtle.timingSafeEqual, and never compares inputs of different lengths byte by byte', () => {
    const subtle = crypto.subtle as SubtleCrypto & { timingSafeEqual?: (a: ArrayBufferView, b: ArrayBufferView) => boolean };
    expect(typeof subtle.timingSafeEqual).toBe('function');
    const spy = vi.spyOn(subtle as Required<typeof subtle>, 'timingSafeEqual');
    expect(timingSafeEqual('a'.repeat(64), 'a'.repeat(64))).toBe(true);
    expect(timingSafeEqual('a'.repeat(64), `${'a'.repeat(63)}b`)).toBe(false);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(timingSafeEqual('short', 'a'.repeat(64))).toBe(false);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('T-11: client authentication compares fixed-length SHA-256 digests (64 bytes) whatever the presented secret, for known and unknown clients', async () => {
    const s = await tokenService('t11');
    const c = await s.client({ name: 'm', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_basic' });
    const deps = buildDeps(env);
    const spy = vi.spyOn(crypto.subtle as Required<SubtleCrypto & { timingSafeEqual: (a: ArrayBufferView, b: ArrayBufferView) => boolean }>, 'timingSafeEqual');
    const lengths = () => spy.mock.calls.map(([a, b]) => [a.byteLength, b.byteLength]);
    for (const secret of ['x', c.client_secret!.slice(0, 10), 'y'.repeat(500), c.client_secret!]) {
      spy.mockClear();
      const ok = await authenticateClient(deps, s.appKey, { clientId: c.client_id, clientSecret: secret, method: 'client_secret_basic' }).then(() => true, () => false);
      expect(ok, secret).toBe(secret === c.client_secret);
      expect(spy.mock.calls.length, secret).toBeGreaterThan(0);
      for (const pair of lengths()) expect(pair, secret).toEqual([64, 64]);
    }
    spy.mockClear();
    await expect(authenticateClient(deps, s.appKey, { clientId: 'unknown-client', clientSecret: 'z', method: 'client_secret_basic' })).rejects.toMatchObject({ code: 'oauth.invalid_client' });
    expect(lengths().length).toBeGreaterThan(0);
    for (const pair of lengths()) expect(pair).toEqual([64, 64]);
    // Through the token endpoint, the same compare.
    spy.mockClear();
    expect((await s.post('token', { grant_type: 'client_credentials' }, { client_id: c.client_id, client_secret: 'wrong' })).status).toBe(401);
    expect(lengths().length).toBeGreaterThan(0);
    for (const pair of lengths()) expect(pair).toEqual([64, 64]);
  });
});
