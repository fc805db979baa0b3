import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ABUSE_POLICIES } from '../../src/domain/abuse/limits';
import { buildDeps } from '../../src/storage/deps';
import { call, createTenant, json } from '../helpers/http';

const CLIENT_IP_LIMIT = ABUSE_POLICIES.client_ip.limit;
const IP_LIMIT = ABUSE_POLICIES.ip.limit;

type Tenant = { appKey: string; secretKey: string };

async function newClient(t: Tenant, body: Record<string, unknown>) {
  const res = await call(`/t/${t.appKey}/v1/oauth2-clients`, {
    method: 'POST',
    headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'app', ...body }),
  });
  expect(res.status).toBe(201);
  return json<{ client_id: string; client_secret: string }>(res);
}

async function newUser(t: Tenant, name: string): Promise<string> {
  const res = await call(`/t/${t.appKey}/v1/users`, {
    method: 'POST',
    headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name, role_uuids: [] }),
  });
  expect(res.status).toBe(201);
  return (await json(res)).password.temporary_password;
}

/** A token request from `ip` (as Cloudflare's edge would stamp it in `CF-Connecting-IP`). */
function token(t: Tenant, ip: string | null, form: Record<string, string>, headers: Record<string, string> = {}) {
  return call(`/t/${t.appKey}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(ip ? { 'cf-connecting-ip': ip } : {}), ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

async function expectLimited(res: Response) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(ABUSE_POLICIES.client_ip.windowSeconds);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = await json(res);
  expect(body).toEqual({ error: 'invalid_request', error_description: expect.stringContaining('too many failed attempts') });
  return retryAfter;
}

describe('abuse limits at the token endpoint (issue 6 Abuse; T-10, S-5, S-6)', () => {
  let t: Tenant;
  let pwClient: { client_id: string; client_secret: string };
  let password: string;
  const grant = (ip: string | null, username: string, pw: string) =>
    token(t, ip, { grant_type: 'password', client_id: pwClient.client_id, client_secret: pwClient.client_secret, username, password: pw });

  beforeAll(async () => {
    t = await createTenant('abuse');
    pwClient = await newClient(t, { grant_type: 'password', token_endpoint_auth_method: 'client_secret_post' });
    password = await newUser(t, 'alice');
  });

  it(`T-10/S-6: ${CLIENT_IP_LIMIT} wrong passwords lock that client and address with 429 + Retry-After, even for the right password; another address still signs in`, async () => {
    const ip = '203.0.113.10';
    // Unknown user names: the account lockout (S-4) plays no part, only the client+address counter.
    for (let i = 0; i < CLIENT_IP_LIMIT; i++) {
      const res = await grant(ip, `nobody-${i}`, 'wrong-password');
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ error: 'invalid_grant' });
    }
    await expectLimited(await grant(ip, 'alice', password));
    // The block holds for the next requests too: nothing is checked while it lasts.
    await expectLimited(await grant(ip, 'nobody', 'wrong-password'));
    const other = await grant('198.51.100.7', 'alice', password);
    expect(other.status).toBe(200);
    expect((await json(other)).access_token).toBeTruthy();
  });

  it('the counter is durable: a fresh set of dependencies (another isolate) reads the same block', async () => {
    const ip = '203.0.113.11';
    for (let i = 0; i < CLIENT_IP_LIMIT; i++) await grant(ip, 'nobody', 'wrong-password');
    const fresh = buildDeps(env);
    const now = Date.now();
    const blocked = await fresh.abuse.check(t.appKey, { kind: 'client_ip', value: `${pwClient.client_id}|${ip}` }, now);
    expect(blocked.allowed).toBe(false);
    expect(blocked.retryAfter).toBeGreaterThan(0);
    // The address's own counter saw every failure but is far from its limit; another tenant's counters are untouched.
    expect((await fresh.abuse.check(t.appKey, { kind: 'ip', value: ip }, now)).allowed).toBe(true);
    expect((await fresh.abuse.check('another-tenant', { kind: 'client_ip', value: `${pwClient.client_id}|${ip}` }, now)).allowed).toBe(true);
  });

  it('a success does not reset the counters: failures before and after it add up to the block', async () => {
    const ip = '203.0.113.12';
    const half = Math.floor(CLIENT_IP_LIMIT / 2);
    for (let i = 0; i < half; i++) expect((await grant(ip, 'nobody', 'wrong-password')).status).toBe(400);
    expect((await grant(ip, 'alice', password)).status).toBe(200);
    for (let i = half; i < CLIENT_IP_LIMIT; i++) expect((await grant(ip, 'nobody', 'wrong-password')).status).toBe(400);
    await expectLimited(await grant(ip, 'alice', password));
  });

  it('client authentication failures of every grant count: a guessed client secret locks that client and address', async () => {
    const machine = await newClient(t, { grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_basic' });
    const basic = (secret: string) => ({ authorization: `Basic ${btoa(`${machine.client_id}:${secret}`)}` });
    const ip = '203.0.113.13';
    for (let i = 0; i < CLIENT_IP_LIMIT; i++) {
      const res = await token(t, ip, { grant_type: 'client_credentials' }, basic(`guess-${i}`));
      expect(res.status).toBe(401);
    }
    await expectLimited(await token(t, ip, { grant_type: 'client_credentials' }, basic(machine.client_secret)));
    expect((await token(t, '198.51.100.8', { grant_type: 'client_credentials' }, basic(machine.client_secret))).status).toBe(200);
    // Refresh-token grant and introspection authenticate the client too: refused from the blocked address.
    await expectLimited(await token(t, ip, { grant_type: 'refresh_token', refresh_token: 'x' }, basic(machine.client_secret)));
    const introspect = await call(`/t/${t.appKey}/oauth2/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip, ...basic(machine.client_secret) },
      body: 'token=x',
    });
    await expectLimited(introspect);
  });

  it(`one address spreading ${IP_LIMIT} failures over many (made-up) clients is blocked for every client`, async () => {
    const ip = '203.0.113.14';
    const failures = await Promise.all(
      Array.from({ length: IP_LIMIT }, (_, i) => token(t, ip, { grant_type: 'client_credentials', client_id: `made-up-${i}`, client_secret: 'x' }).then((r) => r.status)),
    );
    // Concurrent failures are all counted (each subject's object takes them one at a time).
    expect(failures.every((s) => s === 401)).toBe(true);
    await expectLimited(await grant(ip, 'alice', password));
    expect((await grant('198.51.100.9', 'alice', password)).status).toBe(200);
  });

  it('IPv6 addresses count by their /64: rotating within one prefix does not escape the limit', async () => {
    for (let i = 0; i < CLIENT_IP_LIMIT; i++) expect((await grant(`2001:db8:1:2::${(i + 1).toString(16)}`, 'nobody', 'wrong-password')).status).toBe(400);
    await expectLimited(await grant('2001:db8:1:2:ffff:ffff:ffff:ffff', 'alice', password));
    expect((await grant('2001:db8:1:3::1', 'alice', password)).status).toBe(200);
  });

  it('a request without CF-Connecting-IP counts under the shared "unknown" address, not under none', async () => {
    const local = await newClient(t, { grant_type: 'password', token_endpoint_auth_method: 'client_secret_post' });
    const carol = await newUser(t, 'carol');
    const localGrant = (ip: string | null, pw: string) => token(t, ip, { grant_type: 'password', client_id: local.client_id, client_secret: local.client_secret, username: 'carol', password: pw });
    // Sent as a garbage header value (not an address) it is the same "unknown" key.
    for (let i = 0; i < CLIENT_IP_LIMIT; i++) expect((await localGrant(i % 2 ? null : 'not-an-address', 'wrong-password')).status).toBe(400);
    await expectLimited(await localGrant(null, carol));
    // carol's own account is locked by now (S-4), so an honest address sees invalid_grant, not 429.
    expect((await localGrant('198.51.100.10', carol)).status).toBe(400);
  });

  it('rejected requests that are not credential failures (malformed, unsupported grant) are not counted', async () => {
    const ip = '203.0.113.15';
    for (let i = 0; i < CLIENT_IP_LIMIT + 5; i++) {
      const res = await token(t, ip, { grant_type: 'password', client_id: pwClient.client_id, client_secret: pwClient.client_secret });
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ error: 'invalid_request' });
    }
    expect((await grant(ip, 'alice', password)).status).toBe(200);
  });
});
