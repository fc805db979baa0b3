import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { EdgeIamRpc } from '../../src/faces/rpc';
import { expectCode, RoleClient } from '../helpers/role-client';

describe('EdgeIamRpc', () => {
  const rpc = () => new EdgeIamRpc({ waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext, env);

  it('checkRoles answers like the HTTP check, with the revision it used; minRevision is honoured', async () => {
    const api = await RoleClient.forNewTenant();
    expectCode(await api.post('/roles', { role: { roleId: 'A', exposureOrder: 0 } }), 0);
    const w = await api.post('/users', { users: [{ userId: 'u', roleRelations: [{ roleId: 'A', scopeId: 'ALL' }] }] });
    const result = await rpc().checkRoles(api.appKey, 'u', [{ roleId: 'A' }, { roleId: 'B', authRequestId: 'x' }], { minRevision: w.revision! });
    expect(result.revision).toBeGreaterThanOrEqual(w.revision!);
    expect(result.authorizations.map((a) => [a.roleId, a.permission, a.authRequestId])).toEqual([
      ['A', true, null],
      ['B', false, 'x'],
    ]);
    await expect(rpc().checkRoles(api.appKey, 'u', [{ roleId: 'A' }], { minRevision: w.revision! + 50 })).rejects.toThrow(/invalid/);
  });

  it("checkHttp judges a path by the request's scopes and the tenant's endpoint rules", async () => {
    const api = await RoleClient.forNewTenant();
    const checks = await Promise.all([
      rpc().checkHttp(api.appKey, { method: 'DELETE', path: '/v1/users/42', scopes: ['all'] }),
      rpc().checkHttp(api.appKey, { method: 'GET', path: '/v1/me/roles', scopes: ['me'] }),
      rpc().checkHttp(api.appKey, { method: 'GET', path: '/v1/users', scopes: ['me'] }),
      rpc().checkHttp(api.appKey, { method: 'GET', path: '/v1/me/../users', scopes: ['me'] }),
      rpc().checkHttp(api.appKey, { method: 'GET', path: '/v1/users', scopes: ['no-such-permission'] }),
    ]);
    expect(checks.map((c) => c.result)).toEqual([true, true, false, false, false]);
    await expect(rpc().checkHttp(api.appKey, { method: 'TRACE', path: '/', scopes: [] })).rejects.toThrow(/invalid/);
  });

  it('an unknown tenant is an error with a stable code; verifyToken refuses garbage', async () => {
    await expect(rpc().checkRoles('no-such-tenant', 'u', [{ roleId: 'A' }])).rejects.toThrow(/unauthorized/);
    await expect(rpc().verifyToken('any', 'token')).rejects.toThrow(/invalid_token/);
  });
});
