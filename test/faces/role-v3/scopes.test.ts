import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

describe('Role API v3 scopes', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
  });

  it('S1: every tenant has the ALL scope, which cannot be changed, deleted or created again', async () => {
    expect(expectCode(await api.get('/scopes/ALL'), 0).scope).toEqual({ scopeId: 'ALL', description: null });
    expectCode(await api.put('/scopes/ALL', { description: 'x' }), 13002);
    expectCode(await api.delete('/scopes/ALL'), 13002);
    expectCode(await api.post('/scopes', { scopeId: 'ALL' }), 13000);
  });

  it('creates, reads, updates and deletes a scope, reporting the revision of each write', async () => {
    const created = await api.post('/scopes', { scopeId: 'ORG_1', description: 'first org' });
    expectCode(created, 0);
    expect(created.revision).toBeGreaterThan(0);
    expect(expectCode(await api.get('/scopes/ORG_1'), 0).scope).toEqual({ scopeId: 'ORG_1', description: 'first org' });

    const updated = await api.put('/scopes/ORG_1', { description: 'renamed' });
    expectCode(updated, 0);
    expect(updated.revision).toBe(created.revision! + 1);
    expect(expectCode(await api.get('/scopes/ORG_1'), 0).scope.description).toBe('renamed');

    // L7: an absent field leaves the stored value unchanged.
    expectCode(await api.put('/scopes/ORG_1', {}), 0);
    expect(expectCode(await api.get('/scopes/ORG_1'), 0).scope.description).toBe('renamed');

    expectCode(await api.delete('/scopes/ORG_1'), 0);
    expectCode(await api.get('/scopes/ORG_1'), 13001);
    expectCode(await api.delete('/scopes/ORG_1'), 13001);
  });

  it('lists ids with prefix filter, paging and sort', async () => {
    for (const id of ['b-2', 'b-1', 'a-1', 'B-3']) expectCode(await api.post('/scopes', { scopeId: id }), 0);
    const all = expectCode(await api.get('/scopes/id'), 0);
    expect(all).toMatchObject({ totalItems: 5, scopeIds: ['ALL', 'B-3', 'a-1', 'b-1', 'b-2'] });
    const prefixed = expectCode(await api.get('/scopes/id', 'scopeIdPreLike=b'), 0);
    expect(prefixed).toMatchObject({ totalItems: 2, scopeIds: ['b-1', 'b-2'] });
    const paged = expectCode(await api.get('/scopes/id', 'page=2&itemsPerPage=2&sort=id.scopeId,DESC'), 0);
    expect(paged).toMatchObject({ totalItems: 5, scopeIds: ['a-1', 'B-3'] });
    const past = expectCode(await api.get('/scopes/id', 'page=9&itemsPerPage=2'), 0);
    expect(past).toMatchObject({ totalItems: 5, scopeIds: [] });
  });

  it('searches by ids, prefix and description', async () => {
    expectCode(await api.post('/scopes', { scopeId: 'x1', description: 'Tokyo office' }), 0);
    expectCode(await api.post('/scopes', { scopeId: 'x2', description: 'Osaka office' }), 0);
    const byDesc = expectCode(await api.post('/scopes/search', { descriptionLike: 'TOKYO' }), 0);
    expect(byDesc).toMatchObject({ totalItems: 1, scopes: [{ scopeId: 'x1', description: 'Tokyo office' }] });
    const byIds = expectCode(await api.post('/scopes/search', { scopeIds: ['x2', 'nope'] }), 0);
    expect(byIds.scopes).toEqual([{ scopeId: 'x2', description: 'Osaka office' }]);
    const everything = expectCode(await api.post('/scopes/search', {}, 'itemsPerPage=1'), 0);
    expect(everything).toMatchObject({ totalItems: 3, scopes: [{ scopeId: 'ALL' }] });
  });

  it('bulk delete is all or nothing', async () => {
    expectCode(await api.post('/scopes', { scopeId: 's1' }), 0);
    expectCode(await api.post('/scopes', { scopeId: 's2' }), 0);
    expectCode(await api.delete('/scopes', { scopeIds: ['s1', 'missing'] }), 13001);
    expectCode(await api.get('/scopes/s1'), 0);
    expectCode(await api.delete('/scopes', { scopeIds: ['s1', 's1'] }), 400);
    expectCode(await api.delete('/scopes', { scopeIds: [] }), 400);
    expectCode(await api.delete('/scopes', { scopeIds: ['s1', 's2'] }), 0);
    expect(expectCode(await api.get('/scopes/id'), 0).scopeIds).toEqual(['ALL']);
  });

  it('validates ids, bodies, paging and sort', async () => {
    expectCode(await api.post('/scopes', { scopeId: '-bad' }), 400);
    expectCode(await api.post('/scopes', { scopeId: 'x'.repeat(37) }), 400);
    expectCode(await api.post('/scopes', { scopeId: 'id' }), 400);
    expectCode(await api.post('/scopes', { scopeId: 42 }), 400);
    expectCode(await api.post('/scopes', {}), 400);
    expectCode(await api.post('/scopes', '{not json'), 400);
    expectCode(await api.post('/scopes', '[]'), 400);
    expectCode(await api.get('/scopes/id', 'page=0'), 400);
    expectCode(await api.get('/scopes/id', 'itemsPerPage=1001'), 400);
    expectCode(await api.get('/scopes/id', 'page=abc'), 400);
    expectCode(await api.get('/scopes/id', 'sort=nope,ASC'), 400);
    expectCode(await api.get('/scopes/id', 'sort=scopeId,SIDEWAYS'), 400);
    const big = { scopeId: 'big', description: 'x'.repeat(1024 * 1024 + 10) };
    expectCode(await api.post('/scopes', big), 400);
    expectCode(await api.get('/scopes/big'), 13001);
  });

  it('reads a JSON body whatever its Content-Type (E5)', async () => {
    const res = await api.request('POST', '/scopes', { body: JSON.stringify({ scopeId: 'plain' }), headers: { 'content-type': 'text/plain' } });
    expectCode(res, 0);
  });
});

describe('Role API v3 scopes under concurrency', () => {
  it('concurrent creates of one scope have exactly one winner and no server error', async () => {
    const api = await RoleClient.forNewTenant();
    const results = await Promise.all(Array.from({ length: 8 }, () => api.post('/scopes', { scopeId: 'race' })));
    const codes = results.map((r) => r.body.header.resultCode).sort();
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c === 13000)).toHaveLength(7);
  });

  it('concurrent writes each get their own revision, strictly increasing', async () => {
    const api = await RoleClient.forNewTenant();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => api.post('/scopes', { scopeId: `s${i}` })));
    const revisions = results.map((r) => r.revision!);
    expect(new Set(revisions).size).toBe(10);
  });
});
