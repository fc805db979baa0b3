import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { publishedJwks } from '../../../src/domain/keys/jwks';
import { clientCredentialsGrant } from '../../../src/domain/tokens/token-service';
import { EdgeIamRpc } from '../../../src/faces/rpc';
import { buildDeps } from '../../../src/storage/deps';
import { admin, call, createTenant, json } from '../../helpers/http';

describe('signing-key rotation (D-5)', () => {
  it('D-5: a rotated key is published (served JWKS and the shared copy) before it signs; every token\'s kid was in the JWKS polled before it; old tokens keep verifying after the switch (retention: test/lifecycle/purge.test.ts)', async () => {
    const t = await createTenant('rotation');
    const c = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, {
        method: 'POST',
        headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'm', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }),
      }),
    );
    const issue = async () =>
      (
        await json(
          await call(`/t/${t.appKey}/oauth2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.client_id, client_secret: c.client_secret }).toString(),
          }),
        )
      ).access_token as string;
    const jwks = async () => ((await json(await call(`/t/${t.appKey}/.well-known/jwks.json`))) as JSONWebKeySet).keys.map((k) => k.kid);

    /** D-5 as a verifier sees it: fetch the JWKS, then a token; its kid must already have been listed. */
    const polledThenIssued = async () => {
      const listed = await jwks();
      const token = await issue();
      expect(listed).toContain(decodeProtectedHeader(token).kid);
      return token;
    };
    const before = await polledThenIssued();
    const oldKid = decodeProtectedHeader(before).kid;
    const rotated = await admin('POST', `/tenants/${t.appKey}/signing-keys/rotate`);
    expect(rotated.status).toBe(202);
    const { kid: newKid } = await json(rotated);
    // Every isolate reads the shared copy once its own (one-minute) copy lapses: it lists the new key
    // at once, and an isolate's JWKS a minute on lists it — minutes before the key may sign (D-6 lead).
    const shared = (await env.CACHE.get(`jwks:v1:${t.appKey}`, 'json')) as JSONWebKeySet | null;
    expect(shared?.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    const minuteOn = () => ({ ...buildDeps(env), clock: { now: () => new Date(Date.now() + 61_000) } });
    expect((await publishedJwks(minuteOn(), t.appKey)).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    expect(await jwks()).toEqual(expect.arrayContaining([oldKid, newKid]));
    // The pending key signs nothing, however many tokens are issued before its activation.
    for (let i = 0; i < 3; i++) expect(decodeProtectedHeader(await polledThenIssued()).kid).toBe(oldKid);

    const stub = env.TENANT.get(env.TENANT.idFromName(t.appKey));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // The new key is active now; an isolate may keep signing with the old one for up to a minute
    // (its signer memo), which is safe because the retired key stays published.
    const statuses = await env.DB.prepare('SELECT kid, status FROM signing_keys WHERE tenant_id = ?').bind(t.appKey).all<{ kid: string; status: string }>();
    expect(Object.fromEntries(statuses.results.map((r) => [r.kid, r.status]))).toEqual({ [oldKid!]: 'retired', [newKid]: 'active' });
    expect(await jwks()).toEqual(expect.arrayContaining([oldKid, newKid]));
    const after = await polledThenIssued();
    expect([oldKid, newKid]).toContain(decodeProtectedHeader(after).kid);
    // The first token the new key signs (here or on any isolate a minute on) was announced before it.
    const listed = await jwks();
    const firstNew = (await clientCredentialsGrant(minuteOn(), t.appKey, `https://edge-iam.test/t/${t.appKey}`, { clientId: c.client_id, clientSecret: c.client_secret, method: 'client_secret_post' }, new Map())).access_token;
    expect(decodeProtectedHeader(firstNew).kid).toBe(newKid);
    expect(listed).toContain(newKid);
    const rpc = new EdgeIamRpc({ waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext, env);
    expect(await rpc.verifyToken(t.appKey, before)).toMatchObject({ client_id: c.client_id });
    expect(await rpc.verifyToken(t.appKey, after)).toMatchObject({ client_id: c.client_id });
    expect((await admin('POST', '/tenants/no-such/signing-keys/rotate')).status).toBe(404);
  });
});

describe('per-tenant token settings', () => {
  it('RS256 for old verifiers: keys created after the switch are RS256, and tokens verify', async () => {
    const t = await createTenant('rs256');
    const patched = await json(await admin('PATCH', `/tenants/${t.appKey}`, { signingAlg: 'RS256' }));
    expect(patched.signingAlg).toBe('RS256');
    const c = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, {
        method: 'POST',
        headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'm', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }),
      }),
    );
    const res = await call(`/t/${t.appKey}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.client_id, client_secret: c.client_secret }).toString(),
    });
    const { access_token } = await json(res);
    expect(decodeProtectedHeader(access_token).alg).toBe('RS256');
    const { keys } = (await json(await call(`/t/${t.appKey}/.well-known/jwks.json`))) as JSONWebKeySet;
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0]).not.toHaveProperty('d');
    const rpc = new EdgeIamRpc({ waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext, env);
    expect(await rpc.verifyToken(t.appKey, access_token)).toMatchObject({ client_id: c.client_id });
    expect((await admin('PATCH', `/tenants/${t.appKey}`, { lockoutThreshold: 0 })).status).toBe(400);
  });

  it('the lockout threshold is a tenant setting', async () => {
    const t = await createTenant('lockout');
    expect((await json(await admin('PATCH', `/tenants/${t.appKey}`, { lockoutThreshold: 2 }))).lockoutThreshold).toBe(2);
    const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const c = await json(await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'p', grant_type: 'password', token_endpoint_auth_method: 'none' }) }));
    const u = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'lee', role_uuids: [] }) }));
    const attempt = (password: string) =>
      call(`/t/${t.appKey}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: c.client_id, username: 'lee', password }).toString(),
      });
    expect((await attempt('wrong-1')).status).toBe(400);
    expect((await attempt('wrong-2')).status).toBe(400);
    expect((await attempt(u.password.temporary_password)).status).toBe(400);
  });
});
