import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json } from '../helpers/http';
import { callWith, roleWith } from '../helpers/faulty-app';
import { expectCode, RoleClient } from '../helpers/role-client';
import { COORDINATOR_GRACE_MS, REVISION_TTL_MS } from '../../src/storage/decision-cache';

const healthy = {};
const doDown = { coordinator: 'down' as const };
/** Long enough for the revision memo to expire, so the next request asks the coordinator. */
const memoExpires = () => new Promise((resolve) => setTimeout(resolve, REVISION_TTL_MS + 100));

describe('faults: the tenant coordinator (Durable Object) unavailable', () => {
  let api: RoleClient;
  const t = () => ({ appKey: api.appKey, secretKey: api.secretKey });
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    for (const roleId of ['A', 'B']) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
    expectCode(await api.post('/users', { users: [{ userId: 'u', roleRelations: [{ roleId: 'A', scopeId: 'ALL' }] }, { userId: 'v' }] }), 0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const check = async (plan: object, userId = 'u') => {
    const res = await roleWith(plan, t(), 'POST', `/users/${userId}/authorizations/roles`, { roles: [{ roleId: 'A' }, { roleId: 'B' }] });
    const body = await json(res);
    return { header: body.header, revision: res.headers.get('x-revision'), held: body.authorizations?.map((a: { permission: boolean }) => a.permission) };
  };
  const httpCheck = (plan: object) =>
    callWith(plan, `/t/${api.appKey}/v1/authorization/http`, {
      method: 'POST',
      headers: { 'x-secret-key': api.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ scopes: ['all'], method: 'GET', path: '/v1/users' }),
    });

  it('checks go on answering from the last confirmed revision and its snapshot', async () => {
    const warm = await check(healthy);
    expect(warm.held).toEqual([true, false]);
    await memoExpires();
    const during = await check(doDown);
    expect(during.header.resultCode).toBe(0);
    expect(during.held).toEqual([true, false]);
    expect(during.revision).toBe(warm.revision);
    // A user not cached yet is read from D1 as usual; the Identity API's check answers too.
    expect((await check(doDown, 'v')).held).toEqual([false, false]);
    const http = await httpCheck(doDown);
    expect(http.status).toBe(200);
    expect(await json(http)).toEqual({ result: true });
  });

  it('writes fail clearly and write nothing, in every face; they work again once it is back', async () => {
    await check(healthy);
    await memoExpires();
    const role = await roleWith(doDown, t(), 'POST', '/roles', { role: { roleId: 'C', exposureOrder: 0 } });
    expect(role.status).toBe(200);
    expect((await json(role)).header).toEqual({ isSuccessful: false, resultCode: 500, resultMessage: 'internal error' });
    const relations = await roleWith(doDown, t(), 'PUT', '/users/u', { user: { roleRelations: [{ roleId: 'B', scopeId: 'ALL' }] } });
    expect((await json(relations)).header.resultCode).toBe(500);
    // Config changes run inside the coordinator itself.
    expect((await json(await roleWith(doDown, t(), 'PUT', '/config', { cacheTtl: 42 }))).header.resultCode).toBe(500);
    expect((await json(await roleWith(doDown, t(), 'PUT', '/config/cache-evict'))).header.resultCode).toBe(500);
    const scope = await callWith(doDown, `/t/${api.appKey}/v1/groups`, {
      method: 'POST',
      headers: { 'x-secret-key': api.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'never' }),
    });
    expect(scope.status).toBe(503);
    expect(scope.headers.get('retry-after')).toBe('5');
    expect(await json(scope)).toEqual({ type: 'server_error', title: 'internal error' });

    // Nothing of it was written.
    expectCode(await api.get('/roles/C'), 11001);
    expect(expectCode(await api.get('/users/u'), 0).user.roleRelations.map((r: { roleId: string }) => r.roleId)).toEqual(['A']);
    expect(expectCode(await api.get('/config'), 0).cacheTtl).toBe(300);
    const groups = await json(await callWith(healthy, `/t/${api.appKey}/v1/groups`, { headers: { 'x-secret-key': api.secretKey } }));
    expect(groups.items).toEqual([]);
    await memoExpires();
    expectCode(await json(await roleWith(healthy, t(), 'POST', '/roles', { role: { roleId: 'C', exposureOrder: 0 } })).then((body) => ({ status: 200, revision: null, body })), 0);
  });

  it('a write that landed just before its revision bump failed is published at the next contact', async () => {
    const warm = await check(healthy);
    // Within the memo's lifetime nobody asks the coordinator, so this write commits; its bump then fails.
    const write = await roleWith(doDown, t(), 'PUT', '/users/u', { user: { roleRelations: [{ roleId: 'B', scopeId: 'ALL' }] } });
    expect((await json(write)).header.resultCode).toBe(500);
    await memoExpires();
    const after = await check(healthy);
    expect(after.held).toEqual([false, true]);
    expect(Number(after.revision)).toBe(Number(warm.revision) + 1);
  });

  it(`beyond ${COORDINATOR_GRACE_MS / 1000} s without the coordinator, checks fail clearly; they answer again when it is back`, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const warm = await check(healthy);
    vi.setSystemTime(Date.now() + COORDINATOR_GRACE_MS / 2);
    expect((await check(doDown)).held).toEqual([true, false]);
    vi.setSystemTime(Date.now() + COORDINATOR_GRACE_MS / 2 + 1000);
    const late = await check(doDown);
    expect(late.header).toEqual({ isSuccessful: false, resultCode: 500, resultMessage: 'internal error' });
    const http = await httpCheck(doDown);
    expect(http.status).toBe(503);
    expect(http.headers.get('retry-after')).toBe('5');
    const back = await check(healthy);
    expect(back.held).toEqual([true, false]);
    expect(back.revision).toBe(warm.revision);
  });
});
