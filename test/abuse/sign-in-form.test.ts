import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ABUSE_POLICIES } from '../../src/domain/abuse/limits';
import { LOCK_BASE_SECONDS } from '../../src/domain/identity/sign-in';
import { call, createTenant, json } from '../helpers/http';

const REDIRECT = 'https://app.example/callback';
const LIMIT = ABUSE_POLICIES.client_ip.limit;

describe('the sign-in form is limited like the password grant (S-5, S-6, A-10)', () => {
  let t: { appKey: string; secretKey: string };
  let client: { client_id: string };
  const headers = () => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });
  const newUser = async (name: string) =>
    json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: headers(), body: JSON.stringify({ name, role_uuids: [] }) }));

  beforeAll(async () => {
    t = await createTenant('abuse-page');
    client = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify({ name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] }),
      }),
    );
  });

  /** GET the form from `ip`, then POST it back with the cookie, as a browser behind that address would. */
  async function signIn(ip: string, username: string, password: string) {
    const url = new URL(`https://edge-iam.test/t/${t.appKey}/oauth2/authorize`);
    for (const [k, v] of Object.entries({ client_id: client.client_id, response_type: 'code', redirect_uri: REDIRECT, state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })) {
      url.searchParams.set(k, v);
    }
    const page = await call(url.pathname + url.search, { headers: { 'cf-connecting-ip': ip } });
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const fields = new URLSearchParams();
    for (const m of (await page.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
    fields.set('username', username);
    fields.set('password', password);
    return call(url.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'cf-connecting-ip': ip }, body: fields.toString(), redirect: 'manual' });
  }

  it(`${LIMIT} wrong passwords from one address: the form answers 429 with Retry-After, even for the right password; another address signs in (303)`, async () => {
    const user = await newUser('grace');
    const ip = '203.0.113.20';
    for (let i = 0; i < LIMIT; i++) expect((await signIn(ip, `nobody-${i}`, 'wrong-password')).status).toBe(400);
    const refused = await signIn(ip, 'grace', user.password.temporary_password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(refused.headers.get('location')).toBeNull();
    expect(await refused.text()).toContain('Too many failed sign-ins');
    const ok = await signIn('198.51.100.20', 'grace', user.password.temporary_password);
    expect(ok.status).toBe(303); // never 307, so the password is not re-posted to the client
    expect(new URL(ok.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });

  it('S-6: the account lock is temporary: it ends by itself after its backoff, and the right password works again', async () => {
    const user = await newUser('heidi');
    const right = user.password.temporary_password;
    // Each attempt from its own address, so only the account's lock is in play.
    for (let i = 0; i < 5; i++) expect((await signIn(`192.0.2.${i + 1}`, 'heidi', 'wrong-password')).status).toBe(400);
    expect((await signIn('192.0.2.50', 'heidi', right)).status).toBe(400); // locked: the right password fails too (S-4)
    // Retrying while locked is not counted, so it does not lengthen the lock.
    const row = await env.DB.prepare('SELECT attempt_count, last_attempt_at FROM identity_accounts WHERE tenant_id = ? AND user_id = ?').bind(t.appKey, user.uuid).first<{ attempt_count: number; last_attempt_at: string }>();
    expect(row!.attempt_count).toBe(5);
    // Let the lock's time pass (the stored time of the last counted failure moves back by one base lock).
    const past = new Date(Date.parse(row!.last_attempt_at) - LOCK_BASE_SECONDS * 1000 - 1000).toISOString();
    await env.DB.prepare('UPDATE identity_accounts SET last_attempt_at = ? WHERE tenant_id = ? AND user_id = ?').bind(past, t.appKey, user.uuid).run();
    expect((await signIn('192.0.2.51', 'heidi', right)).status).toBe(303);
  });

  it('S-6: after a lock ends, the next failure locks again for twice as long', async () => {
    const user = await newUser('ivan');
    for (let i = 0; i < 5; i++) await signIn(`192.0.2.${i + 100}`, 'ivan', 'wrong-password');
    const moveBack = async (seconds: number) => {
      const row = await env.DB.prepare('SELECT last_attempt_at FROM identity_accounts WHERE tenant_id = ? AND user_id = ?').bind(t.appKey, user.uuid).first<{ last_attempt_at: string }>();
      const past = new Date(Date.parse(row!.last_attempt_at) - seconds * 1000).toISOString();
      await env.DB.prepare('UPDATE identity_accounts SET last_attempt_at = ? WHERE tenant_id = ? AND user_id = ?').bind(past, t.appKey, user.uuid).run();
    };
    await moveBack(LOCK_BASE_SECONDS + 1);
    expect((await signIn('192.0.2.110', 'ivan', 'wrong-password')).status).toBe(400); // counted: the sixth failure
    await moveBack(LOCK_BASE_SECONDS + 1); // one base lock has passed, but this lock is two
    expect((await signIn('192.0.2.111', 'ivan', user.password.temporary_password)).status).toBe(400);
    await moveBack(LOCK_BASE_SECONDS);
    expect((await signIn('192.0.2.112', 'ivan', user.password.temporary_password)).status).toBe(303);
  });
});
