import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

/**
 * S-11 against `wrangler dev`: everything the local server prints (its stdout and stderr, request
 * lines and the Worker's own logs, captured by global-setup.ts) during a flow of secrets — tenant,
 * temporary password, API token, client secrets, every token the grants issue, a mailed
 * verification token, and refused credentials — contains none of them, nor the operator token or
 * the key-encryption key. The workerd suite's test/security/secrets-in-logs.test.ts covers every
 * face and the 500 paths; this one covers what only a real `wrangler dev` adds.
 */
const origin = inject('origin');
const adminToken = inject('adminToken');
const kek = inject('keyEncryptionKey');
const devLog = inject('devLog');

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const res = await fetch(`${origin}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}
const js = (auth: Record<string, string>) => ({ ...auth, 'content-type': 'application/json' });
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('S-11: wrangler dev prints no secret of a flow', () => {
  it('tenant, users, API tokens, clients, grants, e-mail tokens and refused credentials leave no secret in its output', async () => {
    const secrets: [string, string][] = [
      ['operator token', adminToken],
      ['key-encryption key', kek],
    ];
    const keep = (what: string, value: unknown) => {
      expect(typeof value === 'string' && value.length >= 8, what).toBe(true);
      secrets.push([what, value as string]);
      return value as string;
    };
    const op = js({ authorization: `Bearer ${adminToken}` });
    const tenant = (await call('POST', '/admin/v1/tenants', op, JSON.stringify({ name: 'e2e leak probe' }))).json;
    const sk = js({ 'x-secret-key': keep('tenant secret key', tenant.secretKey) });
    const v1 = (p: string) => `/t/${tenant.appKey}/v1${p}`;
    const user = (await call('POST', v1('/users'), sk, JSON.stringify({ name: 'eve', role_uuids: [] }))).json;
    const password = keep('temporary password', user.password.temporary_password);
    keep('API token', (await call('POST', v1(`/users/${user.uuid}/api-tokens`), sk, JSON.stringify({ name: 'k' }))).json.token);
    const machine = (await call('POST', v1('/oauth2-clients'), sk, JSON.stringify({ name: 'm', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_basic' }))).json;
    keep('machine client secret', machine.client_secret);
    const pw = (await call('POST', v1('/oauth2-clients'), sk, JSON.stringify({ name: 'p', grant_type: 'password', token_endpoint_auth_method: 'client_secret_post' }))).json;
    keep('password client secret', pw.client_secret);

    const token = (body: Record<string, string>, headers: Record<string, string> = {}) => call('POST', `/t/${tenant.appKey}/oauth2/token`, { ...form, ...headers }, new URLSearchParams(body).toString());
    const basic = keep('Basic credentials', btoa(`${machine.client_id}:${machine.client_secret}`));
    keep('client_credentials access token', (await token({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` })).json.access_token);
    expect((await token({ grant_type: 'client_credentials' }, { authorization: `Basic ${btoa(`${machine.client_id}:${keep('wrong secret', 'wrong-secret-e2e-123')}`)}` })).status).toBe(401);
    const granted = (await token({ grant_type: 'password', client_id: pw.client_id, client_secret: pw.client_secret, username: 'eve', password })).json;
    keep('password grant access token', granted.access_token);
    keep('password grant refresh token', granted.refresh_token);
    const refreshed = (await token({ grant_type: 'refresh_token', client_id: pw.client_id, client_secret: pw.client_secret, refresh_token: granted.refresh_token })).json;
    keep('refreshed access token', refreshed.access_token);
    keep('refreshed refresh token', refreshed.refresh_token);
    expect((await token({ grant_type: 'refresh_token', client_id: pw.client_id, client_secret: pw.client_secret, refresh_token: granted.refresh_token })).status).toBe(400);
    expect((await token({ grant_type: 'password', client_id: pw.client_id, client_secret: pw.client_secret, username: 'eve', password: keep('wrong password', 'wrong-password-e2e') })).status).toBe(400);

    await call('POST', v1(`/users/${user.uuid}/emails`), sk, JSON.stringify({ address: 'eve@example.com' }));
    const mail = (await call('GET', `/admin/v1/tenants/${tenant.appKey}/outbox`, op)).json.items[0];
    const mailed = keep('verification token', /Verification token: (\S+)/.exec(mail.body)![1]);
    expect((await call('PUT', v1('/emails/verified'), js({}), JSON.stringify({ verification_token: mailed }))).status).toBe(200);
    expect((await call('GET', '/admin/v1/tenants', js({ authorization: `Bearer ${keep('wrong operator token', 'wrong-operator-e2e-123')}` }))).status).toBe(401);

    // Give the dev server a moment to flush what it printed about these requests.
    await new Promise((r) => setTimeout(r, 1000));
    const log = readFileSync(devLog, 'utf8');
    // The capture works: the dev server's request lines for this flow are there.
    expect(log).toContain(`POST /t/${tenant.appKey}/oauth2/token 401`);
    const found = secrets.filter(([, v]) => [v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)].some((e) => log.includes(e))).map(([what]) => what);
    expect(found).toEqual([]);
  });
});
