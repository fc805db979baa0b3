import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

const res = (resourceId: string, uiPath: string, path: string, priority = 0, extra: Record<string, unknown> = {}) => ({ resourceId, uiPath, path, priority, ...extra });

describe('Role API v3 resource writes', () => {
  let api: RoleClient;
  const uiPathOf = async (id: string) => expectCode(await api.get(`/resources/${id}`), 0).resource.uiPath;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
  });

  it('P4: moving a resource up onto its unregistered parent path shifts a subtree that repeats names', async () => {
    expectCode(await api.post('/resources', res('a', '/X/A', '/a')), 0);
    expectCode(await api.post('/resources', res('aa', '/X/A/A', '/a/a')), 0);
    expectCode(await api.post('/resources', res('aaa', '/X/A/A/A', '/a/a/a')), 0);
    expectCode(await api.put('/resources/a', res('', '/X', '/a')), 0);
    expect([await uiPathOf('a'), await uiPathOf('aa'), await uiPathOf('aaa')]).toEqual(['/X', '/X/A', '/X/A/A']);
  });

  it('P4: a resource can become the root "/"; its subtree follows; the root cannot move below itself', async () => {
    expectCode(await api.post('/resources', res('a', '/A', '/a')), 0);
    expectCode(await api.post('/resources', res('a1', '/A/One', '/a/1')), 0);
    expectCode(await api.put('/resources/a', res('', '/', '/a')), 0);
    expect([await uiPathOf('a'), await uiPathOf('a1')]).toEqual(['/', '/One']);
    expectCode(await api.put('/resources/a', res('', '/R', '/a')), 400);
    expect(await uiPathOf('a1')).toBe('/One');
  });

  it('P4: swapping names inside a subtree by a move is refused when a moved path hits an outside resource (10007), nothing changes', async () => {
    expectCode(await api.post('/resources', res('a', '/A', '/a')), 0);
    expectCode(await api.post('/resources', res('a1', '/A/One', '/a/1')), 0);
    expectCode(await api.post('/resources', res('b1', '/B/One', '/b/1')), 0);
    const before = expectCode(await api.post('/resources/search', {}), 0).resources;
    const refused = await api.put('/resources/a', res('', '/B', '/a'));
    expectCode(refused, 10007);
    expect(refused.revision).toBeNull();
    expect(expectCode(await api.post('/resources/search', {}), 0).resources).toEqual(before);
  });

  it('PUT conflicts: newResourceId taken (10004), path taken (10003), uiPath taken (10007), unknown resource (10005)', async () => {
    expectCode(await api.post('/resources', res('a', '/A', '/a')), 0);
    expectCode(await api.post('/resources', res('b', '/B', '/b')), 0);
    expectCode(await api.put('/resources/a', res('', '/A', '/a', 0, { newResourceId: 'b' })), 10004);
    expectCode(await api.put('/resources/a', res('', '/A', '/b')), 10003);
    expectCode(await api.put('/resources/a', res('', '/B', '/a')), 10007);
    expectCode(await api.put('/resources/zz', res('', '/Z', '/z')), 10005);
    // §2 order: a malformed request is 400 even when the resource does not exist.
    expectCode(await api.put('/resources/zz', res('', '/Z', 'z')), 400);
    expectCode(await api.post('/resources/zz/authorizations', { roleId: 'bad role', operationId: 'read' }), 400);
    expectCode(await api.delete('/resources/zz/authorizations', undefined, 'roleId=R&operationId=bad op'), 400);
    expectCode(await api.put('/resources/a', res('', '/A', '/a', 0, { newResourceId: 'bad id' })), 400);
    expectCode(await api.put('/resources/a', { uiPath: '/A', path: '/a' }), 400);
    // Keeping its own path, uiPath and id is not a conflict with itself.
    expectCode(await api.put('/resources/a', res('', '/A', '/a', 3, { newResourceId: 'a' })), 0);
  });

  it('L7: PUT leaves absent optional fields unchanged and stores "" as given; E10: empty optionals are null', async () => {
    expectCode(await api.post('/resources', { resourceId: 'a', uiPath: '/A', path: '/a', priority: 0 }), 0);
    expect(expectCode(await api.get('/resources/a'), 0).resource).toEqual({ resourceId: 'a', name: 'A', path: '/a', uiPath: '/A', description: null, priority: 0, metadata: null });
    expectCode(await api.put('/resources/a', res('', '/A', '/a', 1, { name: 'Named', description: 'd', metadata: 'm' })), 0);
    expectCode(await api.put('/resources/a', res('', '/A', '/a', 2)), 0);
    expect(expectCode(await api.get('/resources/a'), 0).resource).toMatchObject({ name: 'Named', description: 'd', metadata: 'm', priority: 2 });
    expectCode(await api.put('/resources/a', res('', '/A', '/a', 2, { description: '', metadata: null })), 0);
    expect(expectCode(await api.get('/resources/a'), 0).resource).toMatchObject({ description: '', metadata: 'm' });
  });

  it('ID2 limits: path and uiPath ≤ 1024, name and description ≤ 128, resourceId ≤ 64, priority −32768..32767', async () => {
    const long = (n: number) => `/${'x'.repeat(n - 1)}`;
    expectCode(await api.post('/resources', res('p', long(1025), '/p')), 400);
    expectCode(await api.post('/resources', res('p', '/P', long(1025))), 400);
    expectCode(await api.post('/resources', res('p', '/P', '/p', 0, { name: 'n'.repeat(129) })), 400);
    expectCode(await api.post('/resources', res('p', '/P', '/p', 0, { description: 'd'.repeat(129) })), 400);
    expectCode(await api.post('/resources', res('r'.repeat(65), '/P', '/p')), 400);
    expectCode(await api.post('/resources', res('p', '/P', '/p', -32769)), 400);
    expectCode(await api.post('/resources', res('p', '/P', '/p', 1.5)), 400);
    expectCode(await api.post('/resources', res('r'.repeat(64), long(1024), long(1024), -32768, { name: 'n'.repeat(128), description: 'd'.repeat(128) })), 0);
  });

  it('revision: every write bumps it exactly once, reads and refused writes never do', async () => {
    const first = await api.post('/resources', res('a', '/A', '/a'));
    expectCode(first, 0);
    const r0 = first.revision!;
    expect((await api.get('/resources/a')).revision).toBeNull();
    expect((await api.post('/resources/search', {})).revision).toBeNull();
    expectCode(await api.post('/resources', res('a', '/A2', '/a2')), 10004);
    const put = await api.put('/resources/a', res('', '/B', '/b'));
    expect(put.revision).toBe(r0 + 1);
    const del = await api.delete('/resources', { resourceIds: ['a'] });
    expect(del.revision).toBe(r0 + 2);
  });

  it('L6: bulk delete takes 1..1000 distinct valid ids; a bad or missing id fails the whole request', async () => {
    expectCode(await api.post('/resources', res('a', '/A', '/a')), 0);
    expectCode(await api.post('/resources', res('b', '/B', '/b')), 0);
    expectCode(await api.delete('/resources', { resourceIds: [] }), 400);
    expectCode(await api.delete('/resources', { resourceIds: ['a', 'a'] }), 400);
    expectCode(await api.delete('/resources', { resourceIds: ['a', 'bad id'] }), 400);
    expectCode(await api.delete('/resources', { resourceIds: Array.from({ length: 1001 }, (_, i) => `r${i}`) }), 400);
    expectCode(await api.delete('/resources', { resourceIds: ['a', 'b', 'missing'] }), 10005);
    expect(expectCode(await api.get('/resources'), 0).resources.map((r: any) => r.resourceId)).toEqual(['a', 'b']);
    expectCode(await api.delete('/resources/missing'), 10005);
    expectCode(await api.delete('/resources', { resourceIds: ['a', 'b'] }), 0);
    expect(expectCode(await api.get('/resources'), 0).resources).toEqual([]);
  });

  it('concurrent creates of the same path: exactly one wins, the others get the conflict code', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => api.post('/resources', res(`r${i}`, `/R${i}`, '/same'))));
    const codes = results.map((r) => r.body.header.resultCode).sort();
    expect(codes).toEqual([0, 10003, 10003, 10003, 10003, 10003]);
    expect(expectCode(await api.post('/resources/search', { resourcePath: '/same' }), 0).totalItems).toBe(1);
  });

  it('concurrent creates of the same resourceId and uiPath: one wins each time', async () => {
    const sameId = await Promise.all(Array.from({ length: 4 }, (_, i) => api.post('/resources', res('dup', `/D${i}`, `/d${i}`))));
    expect(sameId.map((r) => r.body.header.resultCode).sort()).toEqual([0, 10004, 10004, 10004]);
    const sameUi = await Promise.all(Array.from({ length: 4 }, (_, i) => api.post('/resources', res(`u${i}`, '/U', `/u${i}`))));
    expect(sameUi.map((r) => r.body.header.resultCode).sort()).toEqual([0, 10007, 10007, 10007]);
    expect(expectCode(await api.get('/resources'), 0).resources).toHaveLength(2);
  });
});
