import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

describe('Role API v3 config and cache-evict (§11)', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
  });

  it('CF1/CF2: defaults, update, and the cache block', async () => {
    const initial = expectCode(await api.get('/config'), 0);
    expect(initial).toMatchObject({
      resourcePathTrailingSlashMatchPolicyCode: 'NON_IDENTICAL_PATH',
      cacheTtl: 300,
      cacheSize: 1000000,
      cacheSizeByPath: 1000000,
      cacheSizeTree: 1000000,
      cache: { cacheFlushTime: '', ttl: 300, size: 1000000, sizeByPath: 1000000, sizeTree: 1000000 },
    });
    const put = await api.put('/config', { cacheTtl: 60, cacheSizeByPath: 5, resourcePathTrailingSlashMatchPolicyCode: 'IDENTICAL_PATH' });
    const body = expectCode(put, 0);
    expect(put.revision).toBeGreaterThan(0);
    expect(body.cache).toMatchObject({ ttl: 60, sizeByPath: 5, size: 1000000 });
    expect(body.cache.cacheFlushTime).toMatch(/\+00:00$/);
    expect(expectCode(await api.get('/config'), 0)).toMatchObject({ resourcePathTrailingSlashMatchPolicyCode: 'IDENTICAL_PATH', cacheTtl: 60, cacheSizeByPath: 5 });
  });

  it('CF1: out-of-range values and unknown codes are refused and change nothing', async () => {
    expectCode(await api.put('/config', { cacheTtl: 0 }), 400);
    expectCode(await api.put('/config', { cacheTtl: 86401 }), 400);
    expectCode(await api.put('/config', { cacheSize: -1 }), 400);
    expectCode(await api.put('/config', { cacheSizeTree: 10000001 }), 400);
    expectCode(await api.put('/config', { resourcePathTrailingSlashMatchPolicyCode: 'SOMETIMES' }), 400);
    expectCode(await api.put('/config', { cacheTtl: 'x' }), 400);
    expect(expectCode(await api.get('/config'), 0).cacheTtl).toBe(300);
  });

  it('CF3: cache-evict bumps the revision and records the flush time', async () => {
    const first = await api.put('/config/cache-evict');
    expect(expectCode(first, 0).cache.cacheFlushTime).not.toBe('');
    const second = await api.put('/config/cache-evict');
    expect(second.revision).toBe(first.revision! + 1);
  });

  it('Z-9 / CF3: concurrent config updates are serialized by the coordinator: no lost update, distinct revisions', async () => {
    const updates = [{ cacheTtl: 11 }, { cacheSize: 22 }, { cacheSizeByPath: 33 }, { cacheSizeTree: 44 }, { resourcePathTrailingSlashMatchPolicyCode: 'IDENTICAL_PATH' }];
    const results = await Promise.all([...updates.map((u) => api.put('/config', u)), api.put('/config/cache-evict'), api.post('/scopes', { scopeId: 'racer' })]);
    for (const r of results) expectCode(r, 0);
    const revisions = results.map((r) => r.revision!);
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(expectCode(await api.get('/config'), 0)).toMatchObject({
      cacheTtl: 11,
      cacheSize: 22,
      cacheSizeByPath: 33,
      cacheSizeTree: 44,
      resourcePathTrailingSlashMatchPolicyCode: 'IDENTICAL_PATH',
    });
  });

  it('concurrent evicts and checks: no check after an evict response answers from before it', async () => {
    expectCode(await api.post('/roles', { role: { roleId: 'A', exposureOrder: 0 } }), 0);
    expectCode(await api.post('/users', { users: [{ userId: 'u', roleRelations: [{ roleId: 'A', scopeId: 'ALL' }] }] }), 0);
    const evicts = await Promise.all(Array.from({ length: 5 }, () => api.put('/config/cache-evict')));
    const highest = Math.max(...evicts.map((e) => e.revision!));
    const check = await api.post('/users/u/authorizations/roles', { roles: [{ roleId: 'A' }] });
    expect(expectCode(check, 0).authorizations[0].permission).toBe(true);
    expect(check.revision).toBeGreaterThanOrEqual(highest);
  });
});
