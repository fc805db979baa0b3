import * as oauth from 'oauth4webapi';
import { describe, expect, inject, it } from 'vitest';

const origin = inject('origin');
const adminToken = inject('adminToken');

describe('an edge against wrangler dev: created with the tenant secret, signs in, checks its own access', () => {
  it('client_credentials with oauth4webapi, then POST /v1/authorization/http/me and GET /v1/edges/me', async () => {
    const tenant = await (
      await fetch(`${origin}/admin/v1/tenants`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'e2e-edges' }) })
    ).json();
    const base = `${origin}/t/${tenant.appKey}/v1`;
    const created = await fetch(`${base}/edges`, {
      method: 'POST',
      headers: { 'x-secret-key': tenant.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'sensor-1', nickname: 'Sensor 1' }),
    });
    expect(created.status).toBe(201);
    const edge = await created.json();

    const issuer = new URL(`${origin}/t/${tenant.appKey}`);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', [oauth.allowInsecureRequests]: true }));
    const client = { client_id: edge.uuid };
    const res = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(edge.client_secret), new URLSearchParams(), { [oauth.allowInsecureRequests]: true });
    const tokens = await oauth.processClientCredentialsResponse(as, client, res);
    const auth = { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' };

    const check = async (method: string, path: string) => {
      const r = await fetch(`${base}/authorization/http/me`, { method: 'POST', headers: auth, body: JSON.stringify({ method, path }) });
      expect(r.status).toBe(200);
      return r.json();
    };
    expect(await check('GET', '/v1/edges/me')).toEqual({ result: true });
    expect(await check('GET', '/v1/users')).toEqual({ result: false });

    const me = await fetch(`${base}/edges/me`, { headers: auth });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ uuid: edge.uuid, name: 'sensor-1', nickname: 'Sensor 1', owner: null });
    expect((await fetch(`${base}/users`, { headers: auth })).status).toBe(403);
  });
});
