import { describe, expect, it } from 'vitest';
import { json } from '../helpers/http';
import { defaultRoleId } from '../helpers/identity';
import { callWith, roleWith } from '../helpers/faulty-app';
import { expectCode, RoleClient } from '../helpers/role-client';

/** Every KV operation rejects; D1 batches that read a tenant snapshot are counted. */
function kvDown() {
  let snapshotReads = 0;
  return {
    get snapshotReads() {
      return snapshotReads;
    },
    plan: {
      kv: 'down' as const,
      d1: {
        beforeBatch: (sql: string[]) => {
          if (sql.some((s) => /^select/i.test(s) && s.includes('from "role_relations"'))) snapshotReads += 1;
        },
      },
    },
  };
}

const items = [
  { operationId: 'GET', resourcePath: '/docs/1' },
  { operationId: 'PUT', resourcePath: '/docs/1' },
  { operationId: 'GET', resourcePath: '/admin' },
];

describe('faults: KV unavailable', () => {
  it('Role API checks answer exactly as with KV, from D1, on every new revision', async () => {
    const api = await RoleClient.forNewTenant();
    for (const roleId of ['reader', 'writer']) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
    expectCode(await api.post('/roles/writer/relations', { roleRelations: [{ relatedRoleId: 'reader' }] }), 0);
    for (const operationId of ['GET', 'PUT']) expectCode(await api.post('/operations', { operationId }), 0);
    expectCode(await api.post('/resources', { resourceId: 'docs', uiPath: '/docs', path: '/docs/**', priority: 0 }), 0);
    expectCode(await api.post('/resources', { resourceId: 'admin', uiPath: '/admin', path: '/admin', priority: 0 }), 0);
    expectCode(await api.post('/resources/docs/authorizations', { roleId: 'reader', operationId: 'GET' }), 0);
    expectCode(await api.post('/resources/docs/authorizations', { roleId: 'writer', operationId: 'PUT' }), 0);
    expectCode(await api.post('/users', { users: [{ userId: 'w', roleRelations: [{ roleId: 'writer', scopeId: 'ALL' }] }, { userId: 'r', roleRelations: [{ roleId: 'reader', scopeId: 'ALL' }] }] }), 0);

    const fault = kvDown();
    const answer = async (userId: string) =>
      expectCode({ status: 200, revision: null, body: await json(await roleWith(fault.plan, api, 'POST', `/users/${userId}/authorizations/resources`, { resources: items })) }, 0).authorizations.map(
        (a: { permission: boolean }) => a.permission,
      );
    expect(await answer('w')).toEqual([true, true, false]);
    expect(await answer('r')).toEqual([true, false, false]);
    const readsBefore = fault.snapshotReads;
    // A write moves the revision: the next check must rebuild its snapshot, KV or no KV.
    expectCode(await api.post('/resources/admin/authorizations', { roleId: 'writer', operationId: 'GET' }), 0);
    expect(await answer('w')).toEqual([true, true, true]);
    expect(await answer('r')).toEqual([true, false, false]);
    expect(fault.snapshotReads).toBeGreaterThan(readsBefore);
    // The same checks with KV working agree.
    const healthy = async (userId: string) => expectCode(await api.post(`/users/${userId}/authorizations/resources`, { resources: items }), 0).authorizations.map((a: { permission: boolean }) => a.permission);
    expect([await healthy('w'), await healthy('r')]).toEqual([
      [true, true, true],
      [true, false, false],
    ]);
  });

  it('Identity API: a user token is verified without the KV copy of the JWKS, and its checks answer', async () => {
    const api = await RoleClient.forNewTenant();
    const t = { appKey: api.appKey, secretKey: api.secretKey };
    const fault = kvDown();
    const secret = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const member = await defaultRoleId(t, 'member');
    const clientRes = await callWith(fault.plan, `/t/${t.appKey}/v1/oauth2-clients`, {
      method: 'POST',
      headers: secret,
      body: JSON.stringify({ name: 'app', grant_type: 'password', token_endpoint_auth_method: 'client_secret_post' }),
    });
    expect(clientRes.status).toBe(201);
    const client = await json(clientRes);
    const userRes = await callWith(fault.plan, `/t/${t.appKey}/v1/users`, { method: 'POST', headers: secret, body: JSON.stringify({ name: 'kv-less', role_uuids: [member] }) });
    expect(userRes.status).toBe(201);
    const user = await json(userRes);
    // Token issuance signs with the tenant's key (its first key is made by the coordinator; KV only caches the JWKS).
    const tokenRes = await callWith(fault.plan, `/t/${t.appKey}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: 'kv-less', password: user.password.temporary_password, client_id: client.client_id, client_secret: client.client_secret }).toString(),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = await json(tokenRes);
    const me = (path: string) =>
      callWith(fault.plan, `/t/${t.appKey}/v1/authorization/http/me`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'GET', path }),
      });
    expect(await json(await me('/v1/me'))).toEqual({ result: true });
    expect(await json(await me('/v1/users'))).toEqual({ result: false });
  });
});
