import { beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, json } from '../../helpers/http';
import { defaultRoleId } from '../../helpers/identity';

describe('Identity API: API tokens and /me', () => {
  let t: { appKey: string; secretKey: string };
  let user: any;
  let member: string;
  const admin = () => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

  beforeAll(async () => {
    t = await createTenant('apitokens');
    member = await defaultRoleId(t, 'member');
    user = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: admin(), body: JSON.stringify({ name: 'henry', role_uuids: [member] }) }));
  });

  it('S-9: an API token is shown once, stored as a digest, usable as Bearer on /me, and introspectable', async () => {
    const created = await call(`/t/${t.appKey}/v1/users/${user.uuid}/api-tokens`, { method: 'POST', headers: admin(), body: JSON.stringify({ name: 'ci' }) });
    expect(created.status).toBe(201);
    const { token, id } = await json(created);
    expect(token).toMatch(/^eiat_/);
    const list = await json(await call(`/t/${t.appKey}/v1/users/${user.uuid}/api-tokens`, { headers: admin() }));
    expect(list.items).toEqual([expect.objectContaining({ id, name: 'ci', expired_at: null })]);
    expect(JSON.stringify(list)).not.toContain(token);
    const meRes = await call(`/t/${t.appKey}/v1/me`, { headers: bearer(token) });
    expect(meRes.status).toBe(200);
    expect((await json(meRes)).uuid).toBe(user.uuid);
    const introspected = await json(await call(`/t/${t.appKey}/v1/api-tokens/introspect`, { method: 'POST', headers: admin(), body: JSON.stringify({ token }) }));
    expect(introspected).toMatchObject({ active: true, user_uuid: user.uuid });
    expect(await json(await call(`/t/${t.appKey}/v1/api-tokens/introspect`, { method: 'POST', headers: admin(), body: JSON.stringify({ token: 'nope' }) }))).toEqual({ active: false });
    // The default `member` role reaches only the caller's own /me routes.
    expect((await call(`/t/${t.appKey}/v1/users`, { headers: bearer(token) })).status).toBe(403);
    expect((await call(`/t/${t.appKey}/v1/users/${user.uuid}/api-tokens/${id}`, { method: 'DELETE', headers: admin() })).status).toBe(204);
    expect((await call(`/t/${t.appKey}/v1/me`, { headers: bearer(token) })).status).toBe(401);
  });

  it('last_used_at: null until the token authenticates a caller, then the time of that use (introspection is not a use)', async () => {
    const created = await json(await call(`/t/${t.appKey}/v1/users/${user.uuid}/api-tokens`, { method: 'POST', headers: admin(), body: JSON.stringify({ name: 'used' }) }));
    expect(created).toMatchObject({ name: 'used', last_used_at: null });
    const listed = async () => (await json(await call(`/t/${t.appKey}/v1/users/${user.uuid}/api-tokens`, { headers: admin() }))).items.find((i: { id: number }) => i.id === created.id);
    expect((await call(`/t/${t.appKey}/v1/api-tokens/introspect`, { method: 'POST', headers: admin(), body: JSON.stringify({ token: created.token }) })).status).toBe(200);
    expect((await listed()).last_used_at).toBeNull();
    const before = Date.now();
    expect((await call(`/t/${t.appKey}/v1/me`, { headers: bearer(created.token) })).status).toBe(200);
    const used = (await listed()).last_used_at;
    expect(Date.parse(used)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(used)).toBeLessThanOrEqual(Date.now() + 1000);
    // The owner sees it on its own list too, and a rename answers it.
    const mine = await json(await call(`/t/${t.appKey}/v1/me/api-tokens`, { headers: bearer(created.token) }));
    expect(mine.items.find((i: { id: number }) => i.id === created.id).last_used_at).toBe(used);
    const renamed = await json(await call(`/t/${t.appKey}/v1/users/${user.uuid}/api-tokens/${created.id}`, { method: 'PATCH', headers: admin(), body: JSON.stringify({ name: 'renamed' }) }));
    expect(renamed).toMatchObject({ name: 'renamed', last_used_at: used });
  });

  it("expired tokens and other tenants' tokens are refused (J-6)", async () => {
    const expired = await json(
      await call(`/t/${t.appKey}/v1/users/${user.uuid}/api-tokens`, { method: 'POST', headers: admin(), body: JSON.stringify({ name: 'old', expired_at: '2001-01-01T00:00:00Z' }) }),
    );
    expect((await call(`/t/${t.appKey}/v1/me`, { headers: bearer(expired.token) })).status).toBe(401);
    const live = await json(await call(`/t/${t.appKey}/v1/users/${user.uuid}/api-tokens`, { method: 'POST', headers: admin(), body: JSON.stringify({ name: 'live' }) }));
    const other = await createTenant('other');
    expect((await call(`/t/${other.appKey}/v1/me`, { headers: bearer(live.token) })).status).toBe(401);
  });

  it('/me: my API tokens, password check and change with an access token', async () => {
    const c = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: admin(), body: JSON.stringify({ name: 'pw', grant_type: 'password', token_endpoint_auth_method: 'none' }) }),
    );
    const u = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: admin(), body: JSON.stringify({ name: 'iris', role_uuids: [member] }) }));
    const tokens = await json(
      await call(`/t/${t.appKey}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: c.client_id, username: 'iris', password: u.password.temporary_password }).toString(),
      }),
    );
    const h = bearer(tokens.access_token);
    const mine = await json(await call(`/t/${t.appKey}/v1/me/api-tokens`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'mine' }) }));
    expect(mine.token).toBeTruthy();
    expect((await json(await call(`/t/${t.appKey}/v1/me/api-tokens`, { headers: h }))).items.map((x: any) => x.name)).toEqual(['mine']);
    expect((await json(await call(`/t/${t.appKey}/v1/me/api-tokens/${mine.id}`, { method: 'PATCH', headers: h, body: JSON.stringify({ name: 'renamed' }) }))).name).toBe('renamed');
    expect(await json(await call(`/t/${t.appKey}/v1/me/password/check`, { method: 'POST', headers: h, body: JSON.stringify({ password: 'short' }) }))).toMatchObject({ valid: false });
    expect(await json(await call(`/t/${t.appKey}/v1/me/password/check`, { method: 'POST', headers: h, body: JSON.stringify({ password: 'long-enough-1' }) }))).toEqual({ valid: true, errors: [] });
    expect((await call(`/t/${t.appKey}/v1/me/password`, { method: 'PUT', headers: h, body: JSON.stringify({ password: 'new-password-1', old_password: 'wrong' }) })).status).toBe(403);
    const changed = await json(await call(`/t/${t.appKey}/v1/me/password`, { method: 'PUT', headers: h, body: JSON.stringify({ password: 'new-password-1', old_password: u.password.temporary_password }) }));
    expect(changed.is_temporary).toBe(false);
    expect((await call(`/t/${t.appKey}/v1/me`, { headers: admin() })).status).toBe(403);
  });
});

describe('Identity API: my OAuth2 clients', () => {
  it('a user manages only its own clients and their secrets; secrets authenticate at the token endpoint', async () => {
    const t = await createTenant('myclients');
    const admin = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const u = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'jane', role_uuids: [await defaultRoleId(t, 'member')] }) }));
    const { token } = await json(await call(`/t/${t.appKey}/v1/users/${u.uuid}/api-tokens`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'k' }) }));
    const h = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await json(
      await call(`/t/${t.appKey}/v1/me/oauth2-clients`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'mine', grant_type: 'client_credentials', redirect_uris: [], token_endpoint_auth_method: 'client_secret_post' }) }),
    );
    expect(created.user_uuid).toBe(u.uuid);
    const other = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'theirs', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }) }),
    );
    const mineListed = await call(`/t/${t.appKey}/v1/me/oauth2-clients?per_page=1`, { headers: h });
    expect(mineListed.headers.get('total-number')).toBe('1');
    expect(mineListed.headers.get('link')).toContain('rel="last"');
    expect((await json(mineListed)).items.map((c: any) => c.name)).toEqual(['mine']);
    expect((await call(`/t/${t.appKey}/v1/me/oauth2-clients/${other.client_id}`, { headers: h })).status).toBe(404);
    expect((await json(await call(`/t/${t.appKey}/v1/users/${u.uuid}/oauth2-clients`, { headers: admin }))).items.map((c: any) => c.client_id)).toEqual([created.client_id]);
    const secret = await json(await call(`/t/${t.appKey}/v1/me/oauth2-clients/${created.client_id}/secrets`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'second' }) }));
    expect(secret.secret).toBeTruthy();
    const issue = (s: string) =>
      call(`/t/${t.appKey}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: created.client_id, client_secret: s }).toString(),
      });
    const issued = await json(await issue(secret.secret));
    expect(issued.access_token).toBeTruthy();
    expect((await call(`/t/${t.appKey}/v1/me/oauth2-clients/${created.client_id}/secrets/${secret.id}`, { method: 'DELETE', headers: h })).status).toBe(204);
    expect((await issue(secret.secret)).status).toBe(401);
    expect((await issue(created.client_secret)).status).toBe(200);
    expect((await call(`/t/${t.appKey}/v1/me/oauth2-clients/${created.client_id}`, { method: 'DELETE', headers: h })).status).toBe(204);
  });
});
