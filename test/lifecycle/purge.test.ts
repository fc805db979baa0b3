import { createScheduledController, env, runDurableObjectAlarm } from 'cloudflare:test';
import { decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { PURGE_BATCH_ROWS, PURGE_GRACE_SECONDS, PURGE_MAX_BATCHES, purgeExpired, RETIRED_KEY_RETENTION_SECONDS } from '../../src/domain/lifecycle/purge';
import type { Deps } from '../../src/domain/ports';
import { issueAuthorizationCode, validateAuthorizationRequest } from '../../src/domain/tokens/authorization-code';
import { clientCredentialsGrant, revoke } from '../../src/domain/tokens/token-service';
import { passwordGrant } from '../../src/domain/tokens/user-grants';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../src/domain/tokens/access-token';
import { openDb } from '../../src/storage/db';
import { buildDeps } from '../../src/storage/deps';
import { outboxSender } from '../../src/storage/mail-outbox';
import { admin, call, createTenant, json } from '../helpers/http';

const ORIGIN = 'https://edge-iam.test';
const REDIRECT = 'https://app.example/callback';
const DAY_MS = 24 * 3600 * 1000;

/** The real dependencies with the clock set to `at`: rows written through them carry that time. */
const depsAt = (at: Date): Deps => ({ ...buildDeps(env), clock: { now: () => at } });
const purge = () => admin('POST', '/maintenance/purge');
const rows = async (table: string, tenantId: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ?`).bind(tenantId).first<{ n: number }>())!.n;

interface Client {
  client_id: string;
  client_secret: string;
}
interface Fixture {
  t: { appKey: string; secretKey: string };
  /** Password (and refresh) grant. */
  client: Client;
  /** Authorization code (and refresh) grant. */
  web: Client;
  userId: string;
  password: string;
}

/** A tenant with a password client, a code client and one user. */
async function fixture(name: string): Promise<Fixture> {
  const t = await createTenant(name);
  const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
  const mk = async (body: object) => json(await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: h, body: JSON.stringify(body) }));
  const client = await mk({ name: 'app', grant_type: 'password', token_endpoint_auth_method: 'client_secret_post' });
  const web = await mk({ name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_post', redirect_uris: [REDIRECT] });
  const user = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'pat', role_uuids: [] }) }));
  return { t, client, web, userId: user.uuid, password: user.password.temporary_password };
}

function oauthForm(f: Fixture, endpoint: 'token' | 'revoke' | 'introspect', body: Record<string, string>, client: Client = f.client) {
  return call(`/t/${f.t.appKey}/oauth2/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: client.client_id, client_secret: client.client_secret, ...body }).toString(),
  });
}
const passwordTokens = async (f: Fixture) => json(await oauthForm(f, 'token', { grant_type: 'password', username: 'pat', password: f.password }));
const active = async (f: Fixture, token: string) => (await json(await oauthForm(f, 'introspect', { token }))).active as boolean;
const exchange = (f: Fixture, code: string) => oauthForm(f, 'token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, f.web);

/** A code issued to `f`'s user at time `at` through the domain's own issuing function. */
async function codeAt(f: Fixture, at: Date): Promise<string> {
  const deps = depsAt(at);
  const params = new URLSearchParams({ client_id: f.web.client_id, response_type: 'code', redirect_uri: REDIRECT, state: 's', scope: 'openid' });
  return issueAuthorizationCode(deps, f.t.appKey, await validateAuthorizationRequest(deps, f.t.appKey, params), f.userId);
}

/** Everything a purge may delete, written 31 days ago (mail: 8 days ago), through the domain's own code paths. */
async function oldRows(f: Fixture) {
  const past = new Date(Date.now() - 31 * DAY_MS);
  const deps = depsAt(past);
  const issuer = `${ORIGIN}/t/${f.t.appKey}`;
  const credentials = { clientId: f.client.client_id, clientSecret: f.client.client_secret, method: 'client_secret_post' as const };
  const grant = await passwordGrant(deps, f.t.appKey, issuer, credentials, new Map([['username', 'pat'], ['password', f.password]]));
  await revoke(deps, f.t.appKey, issuer, credentials, grant.access_token);
  const code = await codeAt(f, past);
  await outboxSender(openDb(env.DB), () => new Date(Date.now() - 8 * DAY_MS)).send(f.t.appKey, { to: 'old@example.com', kind: 'test', subject: 'old', body: 'old' });
  return { refreshToken: grant.refresh_token, code };
}

describe('lifecycle purge', () => {
  let a: Fixture;
  let b: Fixture;
  beforeAll(async () => {
    a = await fixture('purge-a');
    b = await fixture('purge-b');
  });

  it('deletes expired codes, refresh tokens, revocation markers and old mail of every tenant; live rows keep every answer', async () => {
    const old = await oldRows(a);
    // Live material, through the HTTP flows: tenant b's grant, a's grant, a revoked live access token, a fresh code, fresh mail.
    const liveA = await passwordTokens(a);
    const liveB = await passwordTokens(b);
    const revokedLive = await passwordTokens(b);
    expect((await oauthForm(b, 'revoke', { token: revokedLive.access_token })).status).toBe(200);
    expect(await active(b, revokedLive.access_token)).toBe(false);
    const liveCode = await codeAt(a, new Date());
    await outboxSender(openDb(env.DB), () => new Date()).send(a.t.appKey, { to: 'new@example.com', kind: 'test', subject: 'new', body: 'new' });
    const answersBefore = {
      oldRefresh: (await oauthForm(a, 'token', { grant_type: 'refresh_token', refresh_token: old.refreshToken })).status,
    };

    expect((await call('/admin/v1/maintenance/purge', { method: 'POST' })).status).toBe(401);
    const res = await purge();
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      deleted: { authorization_codes: 1, refresh_tokens: 1, revoked_tokens: 1, mail_outbox: 1, signing_keys: 0 },
      complete: true,
    });

    // The old rows are gone, the live ones are all there.
    expect({
      codes: await rows('authorization_codes', a.t.appKey),
      refreshA: await rows('refresh_tokens', a.t.appKey),
      refreshB: await rows('refresh_tokens', b.t.appKey),
      revokedA: await rows('revoked_tokens', a.t.appKey),
      revokedB: await rows('revoked_tokens', b.t.appKey),
    }).toEqual({ codes: 1, refreshA: 1, refreshB: 2, revokedA: 0, revokedB: 1 });
    const outbox = await json(await admin('GET', `/tenants/${a.t.appKey}/outbox`));
    expect(outbox.items.map((m: { to: string }) => m.to)).toEqual(['new@example.com']);

    // Same answers as before the purge: the old refresh token and the old code are refused...
    expect((await oauthForm(a, 'token', { grant_type: 'refresh_token', refresh_token: old.refreshToken })).status).toBe(answersBefore.oldRefresh);
    expect(answersBefore.oldRefresh).toBe(400);
    const oldExchange = await exchange(a, old.code);
    expect(oldExchange.status).toBe(400);
    expect(await json(oldExchange)).toMatchObject({ error: 'invalid_grant' });
    // ...the revoked live access token stays revoked, live tokens verify, refresh and the live code work.
    expect(await active(b, revokedLive.access_token)).toBe(false);
    expect(await active(a, liveA.access_token)).toBe(true);
    expect(await active(b, liveB.access_token)).toBe(true);
    const refreshed = await oauthForm(b, 'token', { grant_type: 'refresh_token', refresh_token: liveB.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(await active(b, (await json(refreshed)).access_token)).toBe(true);
    const exchanged = await exchange(a, liveCode);
    expect(exchanged.status).toBe(200);
    expect(await json(exchanged)).toMatchObject({ token_type: 'bearer', id_token: expect.any(String) });

    // A second run finds nothing.
    expect(await json(await purge())).toEqual({
      deleted: { authorization_codes: 0, refresh_tokens: 0, revoked_tokens: 0, mail_outbox: 0, signing_keys: 0 },
      complete: true,
    });
  });

  it('a revocation marker stays until the grace period after its token expired, then goes', async () => {
    const tokens = await passwordTokens(b);
    expect((await oauthForm(b, 'revoke', { token: tokens.access_token })).status).toBe(200);
    const { exp } = JSON.parse(atob(tokens.access_token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number };
    const deps = buildDeps(env);
    const keep = await purgeExpired(deps, new Date((exp + PURGE_GRACE_SECONDS - 1) * 1000));
    expect(keep.deleted.revoked_tokens).toBe(0);
    // In the real present the token is still revoked.
    expect(await active(b, tokens.access_token)).toBe(false);
    const gone = await purgeExpired(deps, new Date((exp + PURGE_GRACE_SECONDS + 1) * 1000));
    expect(gone.deleted.revoked_tokens).toBeGreaterThanOrEqual(1);
    // A month on, live refresh tokens (30 days) are still kept; past their expiry they go.
    const month = await purgeExpired(deps, new Date(Date.now() + 29 * DAY_MS));
    expect(month.deleted.refresh_tokens).toBe(0);
    const later = await purgeExpired(deps, new Date(Date.now() + 31 * DAY_MS));
    expect(later.deleted.refresh_tokens).toBeGreaterThanOrEqual(1);
    expect(await rows('refresh_tokens', b.t.appKey)).toBe(0);
  });

  it('the cron trigger runs the purge (scheduled handler)', async () => {
    const old = await oldRows(a);
    expect(await rows('authorization_codes', a.t.appKey)).toBeGreaterThanOrEqual(1);
    await worker.scheduled!(createScheduledController({ cron: '*/15 * * * *', scheduledTime: Date.now() }), env);
    expect(await rows('authorization_codes', a.t.appKey)).toBe(0);
    expect(await rows('revoked_tokens', a.t.appKey)).toBe(0);
    const outbox = await json(await admin('GET', `/tenants/${a.t.appKey}/outbox`));
    expect(outbox.items.map((m: { to: string }) => m.to)).not.toContain('old@example.com');
    expect((await oauthForm(a, 'token', { grant_type: 'refresh_token', refresh_token: old.refreshToken })).status).toBe(400);
  });
});

describe('retired signing keys', () => {
  it('D-5: are pruned once no token they signed can be live (max token exp + grace); active and pending keys always stay; the JWKS follows', async () => {
    const t = await createTenant('prune-keys');
    const c = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, {
        method: 'POST',
        headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'm', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }),
      }),
    );
    const form = (endpoint: string, body: Record<string, string>) =>
      call(`/t/${t.appKey}/oauth2/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: c.client_id, client_secret: c.client_secret, ...body }).toString(),
      });
    const issue = async () => (await json(await form('token', { grant_type: 'client_credentials' }))).access_token as string;
    const verifies = async (token: string) => (await json(await form('introspect', { token }))).active as boolean;
    const jwks = async () => ((await json(await call(`/t/${t.appKey}/.well-known/jwks.json`))) as JSONWebKeySet).keys.map((k) => k.kid).sort();
    const kv = async () => ((await env.CACHE.get(`jwks:v1:${t.appKey}`, 'json')) as JSONWebKeySet).keys.map((k) => k.kid).sort();
    const stub = env.TENANT.get(env.TENANT.idFromName(t.appKey));

    const signedByOld = await issue();
    const oldKid = decodeProtectedHeader(signedByOld).kid!;
    const { kid: newKid } = await json(await admin('POST', `/tenants/${t.appKey}/signing-keys/rotate`));
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    // The run that first sees the key retired keeps it, and so does every run within the retention.
    const seenAt = Date.now();
    expect((await json(await purge())).deleted.signing_keys).toBe(0);
    const deps = buildDeps(env);
    // An hour and two minutes on, a token the old key signed in its last minute (an isolate's signer memo) may still be live.
    expect((await purgeExpired(deps, new Date(seenAt + (ACCESS_TOKEN_TTL_SECONDS + 120) * 1000))).deleted.signing_keys).toBe(0);
    expect((await purgeExpired(deps, new Date(seenAt + (RETIRED_KEY_RETENTION_SECONDS - 60) * 1000))).deleted.signing_keys).toBe(0);
    expect(await jwks()).toEqual([oldKid, newKid].sort());
    expect(await verifies(signedByOld)).toBe(true);

    // Past it (every token the old key signed has expired by then), the key goes, from D1 and from the published JWKS.
    const pruned = await purgeExpired(deps, new Date(seenAt + (RETIRED_KEY_RETENTION_SECONDS + 60) * 1000));
    expect(pruned.deleted.signing_keys).toBe(1);
    expect(await kv()).toEqual([newKid]);
    expect(await jwks()).toEqual([newKid]);
    const statuses = await env.DB.prepare('SELECT kid, status FROM signing_keys WHERE tenant_id = ?').bind(t.appKey).all<{ kid: string; status: string }>();
    expect(statuses.results).toEqual([{ kid: newKid, status: 'active' }]);

    // A pending key and the active key survive any purge, however late; new tokens keep verifying.
    const { kid: pendingKid } = await json(await admin('POST', `/tenants/${t.appKey}/signing-keys/rotate`));
    const farFuture = new Date(Date.now() + 400 * DAY_MS);
    expect((await purgeExpired(deps, farFuture)).deleted.signing_keys).toBe(0);
    // (The served JWKS may be this isolate's copy from before the rotation for up to a minute; KV and D1 are current.)
    expect(await kv()).toEqual([newKid, pendingKid].sort());
    const after = await env.DB.prepare('SELECT kid, status FROM signing_keys WHERE tenant_id = ? ORDER BY status').bind(t.appKey).all<{ kid: string; status: string }>();
    expect(after.results).toEqual([
      { kid: newKid, status: 'active' },
      { kid: pendingKid, status: 'pending' },
    ]);
    // This isolate still holds the old key as its signer (a one-minute memo) because the clock here
    // jumped two hours; issue the next token as a minute later, when every isolate signs with the new key.
    const later = await clientCredentialsGrant(depsAt(new Date(Date.now() + 61_000)), t.appKey, `${ORIGIN}/t/${t.appKey}`, { clientId: c.client_id, clientSecret: c.client_secret, method: 'client_secret_post' }, new Map());
    expect(decodeProtectedHeader(later.access_token).kid).toBe(newKid);
    expect(await verifies(later.access_token)).toBe(true);
  });
});

describe('purge budget', () => {
  it('a run deletes at most PURGE_MAX_BATCHES batches per table, says it is incomplete, and the next run continues', async () => {
    const t = await createTenant('purge-budget');
    const deps = buildDeps(env);
    const expired = Math.floor(Date.now() / 1000) - PURGE_GRACE_SECONDS - 60;
    const budget = PURGE_BATCH_ROWS * PURGE_MAX_BATCHES;
    const total = budget + 700;
    // Revocation markers of tokens that expired over an hour ago, written with the domain's own op.
    for (let i = 0; i < total; i += 500) {
      await deps.uow.commit(Array.from({ length: Math.min(500, total - i) }, (_, k) => deps.repos.revocations.revoke(t.appKey, `jti-${i + k}`, expired)));
    }
    const first = await json(await purge());
    expect(first).toMatchObject({ deleted: { revoked_tokens: budget }, complete: false });
    expect(await rows('revoked_tokens', t.appKey)).toBe(700);
    const second = await json(await purge());
    expect(second).toMatchObject({ deleted: { revoked_tokens: 700 }, complete: true });
    expect(await rows('revoked_tokens', t.appKey)).toBe(0);
  });
});
