import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from '../../../src/lib/password';
import { call, createTenant, json } from '../../helpers/http';
import { expectCode, RoleClient } from '../../helpers/role-client';

describe('passwords (S-1, S-2)', () => {
  it('S-2: PBKDF2 runs at the production cap of 100,000 iterations', () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000);
  });
  it('S-1: the stored record is algorithm, iterations, a 16-byte salt and the hash; salts differ', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong', a)).toBe(false);
  });
});

describe('Identity API users, the password grant and refresh rotation', () => {
  let t: { appKey: string; secretKey: string };
  let api: RoleClient;
  let client: { client_id: string; client_secret: string };
  const headers = () => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });
  /** A form to `/oauth2/token` (or `endpoint`), the client's credentials in the body, from `ip` when given. */
  const token = ({ endpoint = 'token', ip, ...body }: Record<string, string>) =>
    call(`/t/${t.appKey}/oauth2/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(ip ? { 'cf-connecting-ip': ip } : {}) },
      body: new URLSearchParams({ client_id: client.client_id, client_secret: client.client_secret, ...body }).toString(),
    });
  const newUser = async (name: string, roleUuids: string[] = []) => {
    const res = await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: headers(), body: JSON.stringify({ name, role_uuids: roleUuids }) });
    expect(res.status).toBe(201);
    return json(res);
  };

  beforeAll(async () => {
    t = await createTenant('identity');
    api = new RoleClient(t.appKey, t.secretKey);
    expectCode(await api.post('/roles', { role: { roleId: 'member', roleName: 'Member', exposureOrder: 0 } }), 0);
    const res = await call(`/t/${t.appKey}/v1/oauth2-clients`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ name: 'app', grant_type: 'password', token_endpoint_auth_method: 'client_secret_post' }),
    });
    client = await json(res);
  });

  it('a user created through the Identity API is the same principal in the Role API', async () => {
    const user = await newUser('alice', ['member']);
    expect(user).toMatchObject({ name: 'alice', disabled: false, roles: [{ uuid: 'member', name: 'Member' }], password: { is_temporary: true, attempt_count: 0 } });
    expect(user.password.temporary_password.length).toBeGreaterThanOrEqual(8);
    const roleView = expectCode(await api.get(`/users/${user.uuid}`), 0).user;
    expect(roleView.roleRelations.map((r: any) => r.roleId)).toEqual(['member']);
    const check = await api.post(`/users/${user.uuid}/authorizations/roles`, { roles: [{ roleId: 'member' }] });
    expect(expectCode(check, 0).authorizations[0].permission).toBe(true);
    const got = await json(await call(`/t/${t.appKey}/v1/users/${user.uuid}`, { headers: headers() }));
    expect(got.password).not.toHaveProperty('temporary_password');
    expect(JSON.stringify(got)).not.toContain('pbkdf2');
    const dup = await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: headers(), body: JSON.stringify({ name: 'alice', role_uuids: [] }) });
    expect(dup.status).toBe(409);
    expect(await json(dup)).toMatchObject({ type: 'conflict' });
    const badRole = await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: headers(), body: JSON.stringify({ name: 'zed', role_uuids: ['nope'] }) });
    expect(badRole.status).toBe(404);
  });

  it('lists with the reference filters (partial, "exact"), paging headers, and sort', async () => {
    await newUser('list-one');
    await newUser('list-two');
    const list = async (q: string) => json(await call(`/t/${t.appKey}/v1/users?${q}`, { headers: headers() }));
    expect((await list('name=list-')).items.map((u: any) => u.name)).toEqual(['list-one', 'list-two']);
    expect((await list(`name=${encodeURIComponent('"list-one"')}`)).items.map((u: any) => u.name)).toEqual(['list-one']);
    expect((await list('name=list-&sort=name-')).items.map((u: any) => u.name)).toEqual(['list-two', 'list-one']);
    const paged = await call(`/t/${t.appKey}/v1/users?name=list-&per_page=1`, { headers: headers() });
    expect(paged.headers.get('total-number')).toBe('2');
    expect((await list('is_temporary=true&max_sign_in_attempt_count=0')).page.total_count).toBeGreaterThanOrEqual(2);
    expect((await list('role_uuid=member')).items.map((u: any) => u.name)).toEqual(['alice']);
    const withEmail = await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: headers(), body: JSON.stringify({ name: 'mailer', role_uuids: [], email: 'Mailer@Example.com' }) });
    expect((await json(withEmail)).emails).toEqual([expect.objectContaining({ address: 'Mailer@Example.com', verified: false })]);
    expect((await list('email=example.com')).items.map((u: any) => u.name)).toEqual(['mailer']);
    expect((await list(`email=${encodeURIComponent('"mailer@example.com"')}`)).items).toEqual([]);
    expect((await list(`email=${encodeURIComponent('"Mailer@Example.com"')}`)).items.map((u: any) => u.name)).toEqual(['mailer']);
    const badEmail = await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: headers(), body: JSON.stringify({ name: 'nomail', role_uuids: [], email: 'not an address' }) });
    expect(badEmail.status).toBe(400);
  });

  it('T-10/R-1/R-2: password grant, then refresh rotation; a reused refresh token revokes the family', async () => {
    const user = await newUser('bob');
    const first = await token({ grant_type: 'password', username: 'bob', password: user.password.temporary_password });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const tokens = await json(first);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600, refresh_token_expires_in: 2592000 });
    const second = await json(await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }));
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(tokens.refresh_token);
    const reuse = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(reuse.status).toBe(400);
    expect(await json(reuse)).toMatchObject({ error: 'invalid_grant' });
    // The newest token of the family died with the reuse…
    expect(await json(await token({ grant_type: 'refresh_token', refresh_token: second.refresh_token }))).toMatchObject({ error: 'invalid_grant' });
    // …and so did every access token of the family, at introspection and userinfo.
    for (const at of [tokens.access_token, second.access_token]) {
      expect(await json(await token({ endpoint: 'introspect', token: at }))).toEqual({ active: false });
      expect((await call(`/t/${t.appKey}/oauth2/userinfo`, { headers: { authorization: `Bearer ${at}` } })).status).toBe(401);
    }
    // Another family of the same user is untouched.
    const again = await json(await token({ grant_type: 'password', username: 'bob', password: user.password.temporary_password }));
    expect((await json(await token({ endpoint: 'introspect', token: again.access_token }))).active).toBe(true);
  });

  it('V-1/V-3/V-5: revoking a refresh token (even with a wrong hint) kills the grant, its access tokens included; revoking again or garbage is an empty 200; a wrong or unsupported hint still revokes', async () => {
    const user = await newUser('vera');
    const tokens = await json(await token({ grant_type: 'password', username: 'vera', password: user.password.temporary_password }));
    const form = (body: Record<string, string>) =>
      call(`/t/${t.appKey}/oauth2/${body.endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: client.client_id, client_secret: client.client_secret, token: body.token!, ...(body.hint ? { token_type_hint: body.hint } : {}) }).toString(),
      });
    expect((await json(await form({ endpoint: 'introspect', token: tokens.access_token }))).active).toBe(true);
    const revoked = await form({ endpoint: 'revoke', token: tokens.refresh_token, hint: 'access_token' });
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toBe('');
    expect(await json(await form({ endpoint: 'introspect', token: tokens.access_token }))).toEqual({ active: false });
    expect(await json(await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }))).toMatchObject({ error: 'invalid_grant' });
    // V-3: revoking it again, or an unknown or garbage token, is 200 with an empty body.
    for (const again of [tokens.refresh_token, tokens.access_token, 'garbage', 'a'.repeat(64), `${tokens.access_token.slice(0, -3)}xyz`]) {
      const res = await form({ endpoint: 'revoke', token: again });
      expect(res.status, again).toBe(200);
      expect(await res.text(), again).toBe('');
    }
    // V-5: an access token revoked with the refresh-token hint, and one with an unsupported hint value (treated as no hint).
    for (const hint of ['refresh_token', 'bogus_hint']) {
      const other = await json(await token({ grant_type: 'password', username: 'vera', password: user.password.temporary_password }));
      expect((await json(await form({ endpoint: 'introspect', token: other.access_token }))).active, hint).toBe(true);
      const res = await form({ endpoint: 'revoke', token: other.access_token, hint });
      expect(res.status, hint).toBe(200);
      expect(await json(await form({ endpoint: 'introspect', token: other.access_token })), hint).toEqual({ active: false });
      // A refresh token with an unsupported hint is found too.
      const res2 = await form({ endpoint: 'revoke', token: other.refresh_token, hint });
      expect(res2.status, hint).toBe(200);
      expect(await json(await token({ grant_type: 'refresh_token', refresh_token: other.refresh_token })), hint).toMatchObject({ error: 'invalid_grant' });
    }
  });

  it('S-4: the failure count resets on success, and concurrent failures are all counted (atomic increment)', async () => {
    const user = await newUser('sofia');
    const right = user.password.temporary_password;
    // Each attempt from its own address, so only the account's count is in play (not the abuse limits).
    let n = 0;
    const attempt = (password: string) => token({ grant_type: 'password', username: 'sofia', password, ip: `192.0.2.${++n}` });
    const count = async () => (await json(await call(`/t/${t.appKey}/v1/users/${user.uuid}`, { headers: headers() }))).password.attempt_count;
    for (let i = 0; i < 4; i++) expect((await attempt('wrong-password')).status).toBe(400);
    expect(await count()).toBe(4);
    expect((await attempt(right)).status).toBe(200);
    expect(await count()).toBe(0);
    // Four more failures: the count starts from zero, so the account is not locked.
    for (let i = 0; i < 4; i++) expect((await attempt('wrong-password')).status).toBe(400);
    expect((await attempt(right)).status).toBe(200);
    // Five failures at once are five, not fewer: the account locks, the right password fails.
    const results = await Promise.all(Array.from({ length: 5 }, () => attempt('wrong-password')));
    expect(results.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(await count()).toBe(5);
    expect(await json(await attempt(right))).toMatchObject({ error: 'invalid_grant' });
  });

  it('R-3: concurrent refreshes of one token have exactly one winner', async () => {
    const user = await newUser('carol');
    const tokens = await json(await token({ grant_type: 'password', username: 'carol', password: user.password.temporary_password }));
    const results = await Promise.all(Array.from({ length: 6 }, () => token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it('S-4/S-5: five failures lock the account even for the right password until unlocked; disabled users cannot sign in or refresh', async () => {
    const user = await newUser('dave');
    const right = user.password.temporary_password;
    for (let i = 0; i < 5; i++) expect((await token({ grant_type: 'password', username: 'dave', password: 'wrong-password' })).status).toBe(400);
    const locked = await token({ grant_type: 'password', username: 'dave', password: right });
    expect(await json(locked)).toMatchObject({ error: 'invalid_grant' });
    const status = await json(await call(`/t/${t.appKey}/v1/users/${user.uuid}`, { headers: headers() }));
    expect(status.password.attempt_count).toBe(5); // S-6: attempts refused during the lock are not counted
    const unlocked = await json(await call(`/t/${t.appKey}/v1/users/${user.uuid}/password/unlock`, { method: 'POST', headers: headers() }));
    expect(unlocked.attempt_count).toBe(0);
    const ok = await json(await token({ grant_type: 'password', username: 'dave', password: right }));
    expect(ok.access_token).toBeTruthy();
    expect((await call(`/t/${t.appKey}/v1/users/${user.uuid}/disable`, { method: 'POST', headers: headers() })).status).toBe(200);
    expect((await token({ grant_type: 'password', username: 'dave', password: right })).status).toBe(400);
    expect((await token({ grant_type: 'refresh_token', refresh_token: ok.refresh_token })).status).toBe(400);
    expect((await call(`/t/${t.appKey}/v1/users/${user.uuid}/enable`, { method: 'POST', headers: headers() })).status).toBe(200);
    expect((await token({ grant_type: 'password', username: 'dave', password: right })).status).toBe(200);
  });

  it('temporary password reset, tenant_uuid, unknown users and clients not registered for the grant', async () => {
    const user = await newUser('erin');
    const reset = await json(await call(`/t/${t.appKey}/v1/users/${user.uuid}/password/temporary`, { method: 'POST', headers: headers() }));
    expect(reset.is_temporary).toBe(true);
    expect((await token({ grant_type: 'password', username: 'erin', password: user.password.temporary_password })).status).toBe(400);
    expect((await token({ grant_type: 'password', username: 'erin', password: reset.temporary_password, tenant_uuid: '00000000-0000-0000-0000-000000000000' })).status).toBe(200);
    expect((await token({ grant_type: 'password', username: 'erin', password: reset.temporary_password, tenant_uuid: 'another' })).status).toBe(400);
    expect((await token({ grant_type: 'password', username: 'nobody', password: 'whatever1' })).status).toBe(400);
    expect(await json(await token({ grant_type: 'client_credentials' }))).toMatchObject({ error: 'unauthorized_client' });
  });

  it('deleting a user removes it from every face', async () => {
    const user = await newUser('frank', ['member']);
    expect((await call(`/t/${t.appKey}/v1/users/${user.uuid}`, { method: 'DELETE', headers: headers() })).status).toBe(204);
    expectCode(await api.get(`/users/${user.uuid}`), 14001);
    expect((await call(`/t/${t.appKey}/v1/users/${user.uuid}`, { headers: headers() })).status).toBe(404);
    const history = expectCode(await api.get(`/users/${user.uuid}/histories`), 0).userHistory.map((h: any) => h.command);
    expect(history).toEqual(['USER_REMOVE', 'REMOVE', 'ADD', 'USER_ADD']);
  });
});
