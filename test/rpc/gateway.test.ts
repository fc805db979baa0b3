import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../helpers/role-client';

describe('RPC entrypoint through a real service binding (examples/gateway)', () => {
  it('the gateway Worker forwards only what edge-iam allows, and sees writes at once', async () => {
    const api = await RoleClient.forNewTenant();
    expectCode(await api.post('/roles', { role: { roleId: 'READER', exposureOrder: 0 } }), 0);
    expectCode(await api.post('/operations', { operationId: 'GET' }), 0);
    expectCode(await api.post('/resources', { resourceId: 'docs', uiPath: '/Docs', path: '/docs/{id}', priority: 0 }), 0);
    expectCode(await api.post('/resources/docs/authorizations', { roleId: 'READER', operationId: 'GET' }), 0);
    expectCode(await api.post('/users', { users: [{ userId: 'alice', roleRelations: [{ roleId: 'READER', scopeId: 'ALL' }] }] }), 0);

    const call = (method: string, path: string, user: string) =>
      env.GATEWAY.fetch(`https://gateway.test${path}`, { method, headers: { 'x-user-id': user, 'x-app-key': api.appKey } });
    const allowed = await call('GET', '/docs/42', 'alice');
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ ok: true, resourceId: 'docs', path: '/docs/42' });
    expect((await call('POST', '/docs/42', 'alice')).status).toBe(403);
    expect((await call('GET', '/docs/42', 'bob')).status).toBe(403);

    expectCode(await api.put('/users/alice', { user: { roleRelations: [] } }), 0);
    expect((await call('GET', '/docs/42', 'alice')).status).toBe(403);
  });
});
