import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/domain/ports';
import { passwordGrant, refreshTokenGrant } from '../../../src/domain/tokens/user-grants';
import { buildDeps } from '../../../src/storage/deps';
import { call, createTenant, json } from '../../helpers/http';

const ORIGIN = 'https://edge-iam.test';
const DAY_MS = 24 * 3600 * 1000;
/** The real dependencies with the clock set to `at`: tokens issued through them carry that time. */
const depsAt = (at: Date): Deps => ({ ...buildDeps(env), clock: { now: () => at } });

describe('revoking an expired refresh token', () => {
  it('V-3: an expired refresh token is no token: revoking it answers 200 and revokes nothing of its family', async () => {
    const t = await createTenant('revoke-expired');
    const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const client = await json(await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'app', grant_type: 'password', token_endpoint_auth_method: 'client_secret_post' }) }));
    const user = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'pat', role_uuids: [] }) }));
    const issuer = `${ORIGIN}/t/${t.appKey}`;
    const credentials = { clientId: client.client_id, clientSecret: client.client_secret, method: 'client_secret_post' as const };
    const form = (body: Record<string, string>) =>
      new URLSearchParams({ client_id: client.client_id, client_secret: client.client_secret, ...body }).toString();
    const post = (endpoint: string, body: Record<string, string>) =>
      call(`/t/${t.appKey}/oauth2/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(body) });

    // Issued 31 days ago (expired a day ago) and rotated two days ago, while still valid; the
    // successor shares the family's deadline, so it expired a day ago too.
    // One `now` for both clocks: two reads of Date.now() may fall in different seconds.
    const now = Date.now();
    const first = await passwordGrant(depsAt(new Date(now - 31 * DAY_MS)), t.appKey, issuer, credentials, new Map([['username', 'pat'], ['password', user.password.temporary_password]]));
    const second = await refreshTokenGrant(depsAt(new Date(now - 2 * DAY_MS)), t.appKey, issuer, credentials, new Map([['refresh_token', first.refresh_token!]]));
    expect(second.refresh_token_expires_in).toBe(DAY_MS / 1000);
    const revokedRows = () => env.DB.prepare('SELECT count(*) AS n FROM refresh_tokens WHERE tenant_id = ? AND revoked = 1').bind(t.appKey).first<number>('n');
    const revokedAccess = () => env.DB.prepare('SELECT count(*) AS n FROM revoked_tokens WHERE tenant_id = ?').bind(t.appKey).first<number>('n');

    expect((await post('revoke', { token: first.refresh_token! })).status).toBe(200);
    expect((await post('revoke', { token: second.refresh_token! })).status).toBe(200);
    // Nothing of the family was touched: no refresh token marked revoked, no access token listed.
    expect(await revokedRows()).toBe(0);
    expect(await revokedAccess()).toBe(0);
    expect(await json(await post('token', { grant_type: 'refresh_token', refresh_token: second.refresh_token! }))).toMatchObject({ error: 'invalid_grant' });
  });
});
