import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

describe('Role API v3 operations', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
  });

  it('creates, reads (with appKey), updates and deletes an operation', async () => {
    const created = await api.post('/operations', { operationId: 'READ', description: 'read things' });
    expectCode(created, 0);
    expect(created.revision).toBeGreaterThan(0);
    expect(expectCode(await api.get('/operations/READ'), 0).operation).toEqual({
      operationId: 'READ',
      description: 'read things',
      appKey: api.appKey,
    });
    expectCode(await api.post('/operations', { operationId: 'READ' }), 12001);
    expectCode(await api.put('/operations/READ', { description: 'changed' }), 0);
    expect(expectCode(await api.get('/operations/READ'), 0).operation.description).toBe('changed');
    expectCode(await api.delete('/operations/READ'), 0);
    expectCode(await api.get('/operations/READ'), 12000);
    expectCode(await api.put('/operations/READ', { description: 'x' }), 12000);
  });

  it('lists ids and searches with the reference filters and default sort id.operationId,ASC', async () => {
    for (const id of ['GET', 'POST', 'DELETE', 'read']) expectCode(await api.post('/operations', { operationId: id, description: `op ${id}` }), 0);
    expect(expectCode(await api.get('/operations/id'), 0)).toMatchObject({ totalItems: 4, operationIds: ['DELETE', 'GET', 'POST', 'read'] });
    expect(expectCode(await api.get('/operations/id', 'operationIdPreLike=P'), 0).operationIds).toEqual(['POST']);
    const searched = expectCode(await api.post('/operations/search', { operationIds: ['GET', 'read'] }, 'sort=operationId,DESC'), 0);
    expect(searched).toMatchObject({
      totalItems: 2,
      operations: [
        { operationId: 'read', description: 'op read', appKey: api.appKey },
        { operationId: 'GET', description: 'op GET', appKey: api.appKey },
      ],
    });
    expect(expectCode(await api.post('/operations/search', { descriptionLike: 'OP D' }), 0).operations).toHaveLength(1);
  });

  it('bulk delete is all or nothing and validates ids (ID1, ID3, L6)', async () => {
    expectCode(await api.post('/operations', { operationId: 'a' }), 0);
    expectCode(await api.delete('/operations', { operationIds: ['a', 'b'] }), 12000);
    expectCode(await api.get('/operations/a'), 0);
    expectCode(await api.post('/operations', { operationId: 'id' }), 400);
    expectCode(await api.post('/operations', { operationId: 'x'.repeat(33) }), 400);
    expectCode(await api.post('/operations', { operationId: 'a b' }), 400);
    expectCode(await api.delete('/operations', { operationIds: ['a'] }), 0);
  });
});
