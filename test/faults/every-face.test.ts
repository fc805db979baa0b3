import { describe, expect, it } from 'vitest';
import { REVISION_TTL_MS } from '../../src/storage/decision-cache';
import { appsTenant, appsUser } from '../helpers/apps';
import { callWith, failMidway } from '../helpers/faulty-app';
import { dbState, expectWellFormed } from '../helpers/hostile';
import { ADMIN_TOKEN, call, json } from '../helpers/http';
import { base, createOrganization, createOrgTenant } from '../faces/control-plane/helpers';

const coordinatorDown = { coordinator: 'down' as const };
/** Long enough for the revision memo to expire, so the next request asks the coordinator. */
const memoExpires = () => new Promise((resolve) => setTimeout(resolve, REVISION_TTL_MS + 100));
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const jsonInit = (method: string, headers: Record<string, string>, body?: unknown) => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: body === undefined ? undefined : JSON.stringify(body),
});

/**
 * Z-10 and V-8 in the faces test/faults/d1.test.ts and coordinator.test.ts leave out (Apps API,
 * control plane, token service, operator's coordinator-run writes): a write meeting D1 failing in
 * the middle of its batch, or the tenant's coordinator unreachable, answers a clear error in its
 * face's format and leaves every row of the tenant as it was.
 */
describe('faults: every face', () => {
  it('Apps API: assigning service roles with D1 failing midway is a 500 {error} and writes nothing', async () => {
    const t = await appsTenant();
    const boss = await appsUser(t, 'boss', ['ORG_ADMIN']);
    const bob = await appsUser(t, 'bob', []);
    const before = await dbState([t.appKey], ['*.last_used_at']);
    const fault = failMidway();
    const path = `/t/${t.appKey}/apps/v1/users/${bob.id}/service_roles`;
    const res = await callWith(fault.plan, path, jsonInit('POST', { authorization: `Bearer ${boss.token}` }, { service_partition: 'accounting', roles: ['editor', 'viewer'] }));
    expect(res.status).toBe(500);
    expect(await expectWellFormed(res, path, 'service_roles with D1 failing', { serverError: true })).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(fault.seen.length).toBeGreaterThan(0);
    expect(await dbState([t.appKey], ['*.last_used_at'])).toEqual(before);
  });

  it('control plane: creating a role with permissions with D1 failing midway is a 500 in the idp-server shape and writes nothing', async () => {
    const org = await createOrganization('faults');
    const t = await createOrgTenant(org, 'faults-cp');
    const h = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const permission = await json(await call(`${base(org, t.appKey)}/permissions`, jsonInit('POST', h, { name: 'p-1' })));
    const before = await dbState([t.appKey]);
    const fault = failMidway();
    const path = `${base(org, t.appKey)}/roles`;
    const res = await callWith(fault.plan, path, jsonInit('POST', h, { name: 'never', permissions: [permission.result.id] }));
    expect(res.status).toBe(500);
    const body = (await expectWellFormed(res, path, 'role with D1 failing', { serverError: true })) as { error: string };
    expect(body.error).toBe('server_error');
    expect(fault.seen.length).toBeGreaterThan(0);
    expect(await dbState([t.appKey])).toEqual(before);
  });

  it('token service: issuing tokens with D1 failing midway is a 500 server_error (no-store) and stores no refresh token', async () => {
    const t = await appsTenant();
    const user = await json(await call(`/t/${t.appKey}/v1/users`, jsonInit('POST', { 'x-secret-key': t.secretKey }, { name: 'dora', role_uuids: [] })));
    // The tenant's first token makes its signing key (in the coordinator, which is not failing here).
    const ignore = ['*.last_used_at', 'identity_accounts.last_sign_in_at', 'identity_accounts.last_attempt_at', 'identity_accounts.attempt_count', 'signing_keys.*'];
    const before = await dbState([t.appKey], ignore);
    const fault = failMidway();
    const path = `/t/${t.appKey}/oauth2/token`;
    const res = await callWith(fault.plan, path, form({ grant_type: 'password', client_id: t.clientId, username: 'dora', password: user.password.temporary_password }));
    expect(res.status).toBe(500);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await expectWellFormed(res, path, 'password grant with D1 failing', { serverError: true })).toMatchObject({ error: 'server_error' });
    expect(fault.seen.length).toBeGreaterThan(0);
    expect(await dbState([t.appKey], ignore)).toEqual(before);
  });

  it('R-1 under faults: a refresh whose successor could not be stored leaves the presented token usable (the grant is not lost)', async () => {
    const t = await appsTenant();
    const user = await json(await call(`/t/${t.appKey}/v1/users`, jsonInit('POST', { 'x-secret-key': t.secretKey }, { name: 'rita', role_uuids: [] })));
    const first = await json(await call(`/t/${t.appKey}/oauth2/token`, form({ grant_type: 'password', client_id: t.clientId, username: 'rita', password: user.password.temporary_password })));
    expect(first.refresh_token).toBeTruthy();
    const fault = failMidway();
    const failed = await callWith(fault.plan, `/t/${t.appKey}/oauth2/token`, form({ grant_type: 'refresh_token', client_id: t.clientId, refresh_token: first.refresh_token }));
    expect(failed.status).toBe(500);
    expect((await json(failed)).error).toBe('server_error');
    expect(fault.seen.length).toBeGreaterThan(0);
    // The client retries with the same token, as it should after a 500: it works, once.
    const retry = await call(`/t/${t.appKey}/oauth2/token`, form({ grant_type: 'refresh_token', client_id: t.clientId, refresh_token: first.refresh_token }));
    expect(retry.status).toBe(200);
    const second = await json(retry);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const again = await call(`/t/${t.appKey}/oauth2/token`, form({ grant_type: 'refresh_token', client_id: t.clientId, refresh_token: second.refresh_token }));
    expect(again.status).toBe(200);
  });

  it('R-3 under faults: D1 unreachable for the refresh token claim (a write outside any batch) is a 500 and the token still works', async () => {
    const t = await appsTenant();
    const user = await json(await call(`/t/${t.appKey}/v1/users`, jsonInit('POST', { 'x-secret-key': t.secretKey }, { name: 'cleo', role_uuids: [] })));
    const first = await json(await call(`/t/${t.appKey}/oauth2/token`, form({ grant_type: 'password', client_id: t.clientId, username: 'cleo', password: user.password.temporary_password })));
    const before = await dbState([t.appKey], ['*.last_used_at']);
    const refused: string[] = [];
    const plan = { d1: { beforeStatement: (sql: string) => (/^\s*update\b/i.test(sql) ? (refused.push(sql), 'unavailable' as const) : undefined) } };
    const res = await callWith(plan, `/t/${t.appKey}/oauth2/token`, form({ grant_type: 'refresh_token', client_id: t.clientId, refresh_token: first.refresh_token }));
    // D1 unreachable: 503 with Retry-After (V-8), in RFC 6749's format.
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await expectWellFormed(res, `/t/${t.appKey}/oauth2/token`, 'refresh with its claim refused', { serverError: true })).toMatchObject({ error: 'server_error' });
    expect(refused.some((sql) => sql.includes('"refresh_tokens"'))).toBe(true);
    expect(await dbState([t.appKey], ['*.last_used_at'])).toEqual(before);
    expect((await call(`/t/${t.appKey}/oauth2/token`, form({ grant_type: 'refresh_token', client_id: t.clientId, refresh_token: first.refresh_token }))).status).toBe(200);
  });

  it('C-3 under faults: a code exchange whose tokens could not be stored leaves the code usable; once exchanged, a replay still revokes what it issued', async () => {
    const t = await appsTenant();
    const redirect = 'https://app.example/callback';
    const sk = { 'x-secret-key': t.secretKey };
    const client = await json(await call(`/t/${t.appKey}/v1/oauth2-clients`, jsonInit('POST', sk, { name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [redirect] })));
    const user = await json(await call(`/t/${t.appKey}/v1/users`, jsonInit('POST', sk, { name: 'cody', role_uuids: [] })));
    // Sign in through the authorization endpoint's page, like a browser.
    const url = `/t/${t.appKey}/oauth2/authorize?${new URLSearchParams({ client_id: client.client_id, response_type: 'code', redirect_uri: redirect, state: 's', scope: 'openid' })}`;
    const page = await call(url);
    expect(page.status).toBe(200);
    const fields = new URLSearchParams();
    for (const m of (await page.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
    fields.set('username', 'cody');
    fields.set('password', user.password.temporary_password);
    const signedIn = await call(url.split('?')[0]!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: page.headers.get('set-cookie')!.split(';')[0]! }, body: fields.toString(), redirect: 'manual' });
    expect(signedIn.status).toBe(303);
    const code = new URL(signedIn.headers.get('location')!).searchParams.get('code')!;
    const exchange = (plan: object) =>
      callWith(plan, `/t/${t.appKey}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`${client.client_id}:${client.client_secret}`)}` },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect }).toString(),
      });
    const fault = failMidway();
    const failed = await exchange(fault.plan);
    expect(failed.status).toBe(500);
    expect((await json(failed)).error).toBe('server_error');
    expect(fault.seen.length).toBeGreaterThan(0);
    const retry = await exchange({});
    expect(retry.status).toBe(200);
    const tokens = await json(retry);
    expect(tokens.id_token).toBeTruthy();
    // A third presentation is a replay: refused, and the tokens of the exchange are revoked with it.
    const replay = await exchange({});
    expect(replay.status).toBe(400);
    expect((await json(replay)).error).toBe('invalid_grant');
    const refresh = await call(`/t/${t.appKey}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`${client.client_id}:${client.client_secret}`)}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).toString(),
    });
    expect(refresh.status).toBe(400);
  });

  it('coordinator unreachable: Apps API, control-plane and operator writes answer 503 with Retry-After in their format and write nothing', async () => {
    const org = await createOrganization('faults-do');
    const t = await createOrgTenant(org, 'faults-do');
    const a = await appsTenant();
    const boss = await appsUser(a, 'boss', ['ORG_ADMIN']);
    const bob = await appsUser(a, 'bob', []);
    const h = { authorization: `Bearer ${ADMIN_TOKEN}` };
    await memoExpires();
    const before = { cp: await dbState([t.appKey]), apps: await dbState([a.appKey], ['*.last_used_at']) };
    const attempts: [string, RequestInit][] = [
      [`${base(org, t.appKey)}/permissions`, jsonInit('POST', h, { name: 'never' })],
      [`/t/${a.appKey}/apps/v1/users/${bob.id}/service_roles`, jsonInit('POST', { authorization: `Bearer ${boss.token}` }, { service_partition: 'accounting', roles: ['editor'] })],
      // Writes the coordinator runs itself: a signing-key rotation and a contract publication.
      [`/admin/v1/tenants/${t.appKey}/signing-keys/rotate`, jsonInit('POST', h)],
      [`/t/${a.appKey}/apps/v1/contracts/update`, jsonInit('POST', { authorization: `Bearer ${boss.token}` }, { service_partitions: ['accounting'] })],
    ];
    for (const [path, init] of attempts) {
      const res = await callWith(coordinatorDown, path, init);
      const label = `${init.method} ${path} with the coordinator down`;
      expect(res.status, label).toBe(503);
      expect(res.headers.get('retry-after'), label).toBe('5');
      await expectWellFormed(res, path, label, { serverError: true });
    }
    expect(await dbState([t.appKey])).toEqual(before.cp);
    expect(await dbState([a.appKey], ['*.last_used_at'])).toEqual(before.apps);
  });
});
