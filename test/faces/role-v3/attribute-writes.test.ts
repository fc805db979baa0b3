import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
const cond = (attributeId: string, op: string, values?: string[]) => ({ attributeId, attributeOperatorTypeCode: op, ...(values ? { attributeValues: values } : {}) });

describe('Role API v3 condition attributes: writes', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    for (const roleId of ['ADMIN', 'MEMBER', 'GUEST']) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
  });

  it('E2/E10: GET answers exactly the reference shape, absent optional fields as null', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'ip', attributeDataTypeCode: 'IPADDRESS', attributeRoleRelationIds: ['MEMBER'], attributeTagIds: ['net'] }), 0);
    const body = expectCode(await api.get('/attributes/ip'), 0);
    expect(body).toEqual({
      header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
      attributeInUse: false,
      attribute: {
        attributeId: 'ip',
        attributeName: null,
        description: null,
        attributeCreationTypeCode: 'ROLE_ATTRIBUTE',
        attributeDataTypeCode: 'IPADDRESS',
        attributeRoleRelations: [
          { attributeId: 'ip', roleId: 'MEMBER', roleName: null, roleGroup: null, description: null, exposureOrder: 0, regYmdt: expect.stringMatching(TIME) },
        ],
        attributeTags: [{ attributeId: 'ip', attributeTagId: 'net', regYmdt: expect.stringMatching(TIME) }],
      },
    });
  });

  it('CF4/E8: each successful write bumps the revision once; reads and failed writes never do', async () => {
    const rev = async (res: Promise<{ revision: number | null; body: any }>, code = 0) => {
      const r = await res;
      expectCode(r as never, code);
      return r.revision;
    };
    const first = (await rev(api.post('/attributes', { attributeId: 'a', attributeDataTypeCode: 'STRING' })))!;
    expect(first).toBeGreaterThan(0);
    const writes = [
      () => api.put('/attributes/a', { attributeDataTypeCode: 'NUMERIC', attributeName: 'A' }),
      () => api.post('/attributes/a/roles', { attributeRoleRelationIds: ['ADMIN'] }),
      () => api.post('/attributes/a/roles', { attributeRoleRelationIds: ['ADMIN'] }), // nothing new: still one bump
      () => api.delete('/attributes/a/roles', { attributeRoleRelationIds: ['ADMIN'] }),
      () => api.post('/attributes/a/tags', { attributeTagIds: ['t'] }),
      () => api.delete('/attributes/a/tags', { attributeTagIds: ['t'] }),
      () => api.delete('/attributes/a'),
    ];
    const reads = [
      () => api.post('/attributes', { attributeId: 'b', attributeDataTypeCode: 'COLOR' }), // failed
      () => api.get('/attributes/b'),
      () => api.post('/attributes/id', {}),
      () => api.post('/attributes/search', {}),
      () => api.post('/attributes/data-types'),
      () => api.post('/attributes/condition/validate', { conditions: [] }),
      () => api.post('/attributes/tags/id', {}),
      () => api.post('/attributes/tags/search', {}),
      () => api.post('/attributes/nope/roles/search', {}),
      () => api.delete('/attributes', { attributeIds: ['nope'] }), // failed
    ];
    let expected = first;
    for (const write of writes) {
      for (const read of reads) expect((await read()).revision).toBeNull();
      expected += 1;
      expect(await rev(write()), String(write)).toBe(expected);
    }
  });

  it('ID1/ID2: ids, name and description are checked (400)', async () => {
    const create = (body: object) => api.post('/attributes', { attributeId: 'x', attributeDataTypeCode: 'STRING', ...body });
    expectCode(await create({ attributeId: 'a'.repeat(128) }), 0);
    expectCode(await create({ attributeId: 'a'.repeat(129) }), 400);
    expectCode(await create({ attributeId: 'instance.name:v-1_x' }), 0);
    for (const bad of ['-x', 'x.', 'a b', 'a/b', '', 'é']) expectCode(await create({ attributeId: bad }), 400);
    expectCode(await create({ attributeName: 'n'.repeat(129) }), 400);
    expectCode(await create({ description: 'd'.repeat(129) }), 400);
    expectCode(await create({ attributeTagIds: ['bad tag'] }), 400);
    expectCode(await create({ attributeRoleRelationIds: ['bad role!'] }), 400);
    expectCode(await create({ attributeTagIds: Array.from({ length: 1001 }, (_, i) => `t${i}`) }), 400);
    expectCode(await create({ attributeDataTypeCode: 'string' }), 400);
    expectCode(await create({ attributeId: 123 }), 400);
    expectCode(await create({ attributeTagIds: 't' }), 400);
    expectCode(await create({}), 0);
    expectCode(await api.get(`/attributes/${'a'.repeat(129)}`), 400);
  });

  it('§2: validation (400) comes before not-found, and not-found before conflicts', async () => {
    expectCode(await api.put('/attributes/nope', { attributeDataTypeCode: 'COLOR' }), 400);
    expectCode(await api.put('/attributes/nope', { attributeDataTypeCode: 'STRING', description: 'd'.repeat(129) }), 400);
    expectCode(await api.put('/attributes/nope', { attributeDataTypeCode: 'STRING' }), 20001);
    expectCode(await api.post('/attributes/nope/roles', { attributeRoleRelationIds: [] }), 400);
    expectCode(await api.post('/attributes/nope/roles', { attributeRoleRelationIds: ['bad id!'] }), 400);
    expectCode(await api.post('/attributes/nope/roles', { attributeRoleRelationIds: ['ADMIN'] }), 20001);
    expectCode(await api.delete('/attributes/nope/tags', { attributeTagIds: [] }), 400);
    expectCode(await api.delete('/attributes/nope/tags', { attributeTagIds: ['t'] }), 20001);
    expectCode(await api.post('/attributes', { attributeId: 'a', attributeDataTypeCode: 'STRING' }), 0);
    // An unknown role is reported before the existing attribute id.
    expectCode(await api.post('/attributes', { attributeId: 'a', attributeDataTypeCode: 'STRING', attributeRoleRelationIds: ['NOPE'] }), 11001);
    expectCode(await api.post('/attributes', { attributeId: 'a', attributeDataTypeCode: 'NUMERIC' }), 20000);
    expect(expectCode(await api.get('/attributes/a'), 0).attribute.attributeDataTypeCode).toBe('STRING');
  });

  it('L7: PUT keeps what it does not name; null lists leave relations alone; "" stores an empty string', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'p', attributeDataTypeCode: 'STRING', attributeName: 'P', description: 'D', attributeRoleRelationIds: ['ADMIN'], attributeTagIds: ['x'] }), 0);
    expectCode(await api.put('/attributes/p', { attributeDataTypeCode: 'STRING', attributeName: null, attributeRoleRelationIds: null, attributeTagIds: null }), 0);
    let a = expectCode(await api.get('/attributes/p'), 0).attribute;
    expect(a).toMatchObject({ attributeName: 'P', description: 'D', attributeRoleRelations: [{ roleId: 'ADMIN' }], attributeTags: [{ attributeTagId: 'x' }] });
    expectCode(await api.put('/attributes/p', { attributeDataTypeCode: 'STRING', description: '', attributeRoleRelationIds: ['MEMBER', 'GUEST', 'MEMBER'] }), 0);
    a = expectCode(await api.get('/attributes/p'), 0).attribute;
    expect(a.description).toBe('');
    expect(a.attributeRoleRelations.map((r: any) => r.roleId)).toEqual(['GUEST', 'MEMBER']);
    expectCode(await api.put('/attributes/p', { attributeDataTypeCode: 'STRING', attributeRoleRelationIds: ['GUEST', 'NOPE'] }), 11001);
    a = expectCode(await api.get('/attributes/p'), 0).attribute;
    expect(a.attributeRoleRelations.map((r: any) => r.roleId)).toEqual(['GUEST', 'MEMBER']);
  });

  it('A5: data type may change while unused, or to the same type while in use; attributeInUse counts role relations too', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'n', attributeDataTypeCode: 'NUMERIC' }), 0);
    expectCode(await api.put('/attributes/n', { attributeDataTypeCode: 'STRING' }), 0);
    expectCode(await api.put('/attributes/n', { attributeDataTypeCode: 'NUMERIC' }), 0);
    expectCode(await api.post('/roles/ADMIN/relations', { roleRelations: [{ relatedRoleId: 'MEMBER', conditions: [cond('n', 'GREATER_THAN', ['1'])] }] }), 0);
    expect(expectCode(await api.get('/attributes/n'), 0).attributeInUse).toBe(true);
    expectCode(await api.put('/attributes/n', { attributeDataTypeCode: 'NUMERIC', attributeName: 'renamed' }), 0);
    expectCode(await api.put('/attributes/n', { attributeDataTypeCode: 'STRING' }), 20005);
    expect(expectCode(await api.get('/attributes/n'), 0).attribute).toMatchObject({ attributeName: 'renamed', attributeDataTypeCode: 'NUMERIC' });
  });

  it('L6: bulk delete takes 1..1000 distinct ids and is all or nothing', async () => {
    for (const id of ['a', 'b']) expectCode(await api.post('/attributes', { attributeId: id, attributeDataTypeCode: 'STRING' }), 0);
    expectCode(await api.delete('/attributes', { attributeIds: [] }), 400);
    expectCode(await api.delete('/attributes', { attributeIds: ['a', 'a'] }), 400);
    expectCode(await api.delete('/attributes', { attributeIds: Array.from({ length: 1001 }, (_, i) => `x${i}`) }), 400);
    expectCode(await api.delete('/attributes', { attributeIds: ['a', 'bad id'] }), 400);
    expectCode(await api.delete('/attributes', {}), 400);
    expectCode(await api.delete('/attributes', { attributeIds: ['a', 'nope'] }), 20001);
    expect(expectCode(await api.post('/attributes/id', {}), 0).attributeIds).toEqual(['a', 'b']);
    expectCode(await api.delete('/attributes', { attributeIds: ['b', 'a'], forceDelete: false }), 0);
    expect(expectCode(await api.post('/attributes/id', {}), 0).totalItems).toBe(0);
    expectCode(await api.delete('/attributes/a'), 20001);
  });

  it('A5/Y1/§12: forceDelete strips only the deleted attributes from every relation, with REMOVEs before ADDs', async () => {
    for (const [id, type] of [['flag', 'BOOLEAN'], ['ip', 'IPADDRESS'], ['keep', 'STRING']]) {
      expectCode(await api.post('/attributes', { attributeId: id, attributeDataTypeCode: type }), 0);
    }
    const flag = cond('flag', 'TRUE');
    const ip = cond('ip', 'ALLOW', ['10.0.0.0/8']);
    const keep = cond('keep', 'ANY_MATCH', ['x']);
    expectCode(
      await api.post('/users', {
        users: [
          {
            userId: 'u1',
            roleRelations: [
              { roleId: 'ADMIN', scopeId: 'ALL', conditions: [flag, keep, ip] },
              { roleId: 'GUEST', scopeId: 'ALL', conditions: [ip] },
              { roleId: 'MEMBER', scopeId: 'ALL', conditions: [keep] },
            ],
          },
          { userId: 'u2', roleRelations: [{ roleId: 'MEMBER', scopeId: 'ALL', roleApplyPolicyCode: 'ALLOW', conditions: [ip] }] },
        ],
      }),
      0,
    );
    expectCode(await api.post('/roles/ADMIN/relations', { roleRelations: [{ relatedRoleId: 'MEMBER', conditions: [keep, flag] }, { relatedRoleId: 'GUEST' }] }), 0);
    expectCode(await api.delete('/attributes', { attributeIds: ['flag', 'ip'] }), 20005);
    expectCode(await api.delete('/attributes/flag', undefined, 'forceDelete=false'), 20005);
    expectCode(await api.delete('/attributes/flag', undefined, 'forceDelete=maybe'), 400);
    expect(expectCode(await api.get('/attributes/flag'), 0).attributeInUse).toBe(true);

    expectCode(await api.delete('/attributes', { attributeIds: ['flag', 'ip'], forceDelete: true }), 0);
    expectCode(await api.get('/attributes/flag'), 20001);
    expectCode(await api.get('/attributes/ip'), 20001);
    const u1 = expectCode(await api.get('/users/u1'), 0).user.roleRelations;
    expect(u1.find((r: any) => r.roleId === 'ADMIN').conditions.map((c: any) => c.attributeId)).toEqual(['keep']);
    expect(u1.find((r: any) => r.roleId === 'GUEST').conditions).toEqual([]);
    expect(u1.find((r: any) => r.roleId === 'MEMBER').conditions.map((c: any) => c.attributeId)).toEqual(['keep']);
    expect(expectCode(await api.get('/users/u2'), 0).user.roleRelations[0]).toMatchObject({ roleId: 'MEMBER', roleApplyPolicyCode: 'ALLOW', conditions: [] });
    const relations = expectCode(await api.get('/roles/ADMIN'), 0).role.roleRelations;
    expect(relations.find((r: any) => r.roleId === 'MEMBER').conditions).toMatchObject([{ attributeId: 'keep', attributeValues: ['x'] }]);

    // u1 (newest first): both changed relations REMOVEd with their old conditions, then both ADDed
    // with what is left; the untouched MEMBER relation writes nothing.
    const history = expectCode(await api.get('/users/u1/histories', 'itemsPerPage=100'), 0).userHistory.map((h: any) => [
      h.command,
      h.roleId,
      h.conditions.map((c: any) => c.attributeId),
    ]);
    const latest = history.slice(0, 4);
    expect(latest.map((h: any) => h[0])).toEqual(['ADD', 'ADD', 'REMOVE', 'REMOVE']);
    expect(latest).toEqual(
      expect.arrayContaining([
        ['ADD', 'ADMIN', ['keep']],
        ['ADD', 'GUEST', []],
        ['REMOVE', 'ADMIN', ['flag', 'keep', 'ip']],
        ['REMOVE', 'GUEST', ['ip']],
      ]),
    );
    expect(history.filter((h: any) => h[1] === 'MEMBER')).toHaveLength(1);
    expect(expectCode(await api.get('/attributes/keep'), 0).attributeInUse).toBe(true);
  });

  it('forceDelete=TRUE is accepted in any case; an unused attribute is deleted with or without it', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'f', attributeDataTypeCode: 'BOOLEAN' }), 0);
    expectCode(await api.post('/users', { users: [{ userId: 'u', roleRelations: [{ roleId: 'ADMIN', scopeId: 'ALL', conditions: [cond('f', 'FALSE')] }] }] }), 0);
    expectCode(await api.delete('/attributes/f', undefined, 'forceDelete=TRUE'), 0);
    expect(expectCode(await api.get('/users/u'), 0).user.roleRelations[0].conditions).toEqual([]);
    expectCode(await api.post('/attributes', { attributeId: 'g', attributeDataTypeCode: 'BOOLEAN' }), 0);
    expectCode(await api.delete('/attributes/g', undefined, 'forceDelete=true'), 0);
  });

  it('§12: deleting a role removes its attribute relations; an attribute left without roles becomes COMMON', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'a', attributeDataTypeCode: 'STRING', attributeRoleRelationIds: ['GUEST'] }), 0);
    expectCode(await api.delete('/roles/GUEST'), 0);
    const a = expectCode(await api.get('/attributes/a'), 0).attribute;
    expect(a).toMatchObject({ attributeCreationTypeCode: 'COMMON_ATTRIBUTE', attributeRoleRelations: [] });
    expectCode(await api.post('/roles', { role: { roleId: 'GUEST', exposureOrder: 0 } }), 0);
    expect(expectCode(await api.get('/attributes/a'), 0).attribute.attributeRoleRelations).toEqual([]);
  });

  it('A6: adding a role or tag already present keeps its registration time', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'a', attributeDataTypeCode: 'STRING', attributeRoleRelationIds: ['ADMIN'], attributeTagIds: ['t'] }), 0);
    const before = expectCode(await api.get('/attributes/a'), 0).attribute;
    await new Promise((r) => setTimeout(r, 5));
    expectCode(await api.post('/attributes/a/roles', { attributeRoleRelationIds: ['ADMIN', 'MEMBER', 'MEMBER'] }), 0);
    expectCode(await api.post('/attributes/a/tags', { attributeTagIds: ['t', 'u'] }), 0);
    const after = expectCode(await api.get('/attributes/a'), 0).attribute;
    expect(after.attributeRoleRelations.map((r: any) => r.roleId)).toEqual(['ADMIN', 'MEMBER']);
    expect(after.attributeRoleRelations[0].regYmdt).toBe(before.attributeRoleRelations[0].regYmdt);
    expect(after.attributeTags[0]).toEqual(before.attributeTags[0]);
    expectCode(await api.post('/attributes/a/roles', { attributeRoleRelationIds: ['GUEST', 'NOPE'] }), 11001);
    expect(expectCode(await api.get('/attributes/a'), 0).attribute.attributeRoleRelations).toHaveLength(2);
  });

  it('concurrent creates of one id: exactly one succeeds, the others get 20000; concurrent adds of one role all succeed', async () => {
    const creates = await Promise.all(Array.from({ length: 6 }, () => api.post('/attributes', { attributeId: 'race', attributeDataTypeCode: 'STRING' })));
    const codes = creates.map((r) => r.body.header.resultCode).sort();
    expect(codes).toEqual([0, 20000, 20000, 20000, 20000, 20000]);
    const adds = await Promise.all(Array.from({ length: 6 }, () => api.post('/attributes/race/roles', { attributeRoleRelationIds: ['ADMIN', 'MEMBER'] })));
    expect(adds.map((r) => r.body.header.resultCode)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(expectCode(await api.post('/attributes/race/roles/search', {}), 0).totalItems).toBe(2);
  });

  it('E6/tenant isolation: another tenant neither sees nor changes this tenant\'s attributes', async () => {
    const other = await RoleClient.forNewTenant();
    expectCode(await api.post('/attributes', { attributeId: 'mine', attributeDataTypeCode: 'STRING', attributeTagIds: ['t'] }), 0);
    expectCode(await other.get('/attributes/mine'), 20001);
    expect(expectCode(await other.post('/attributes/search', {}), 0)).toMatchObject({ totalItems: 0, attributes: [] });
    expect(expectCode(await other.post('/attributes/tags/id', {}), 0).totalItems).toBe(0);
    expectCode(await other.delete('/attributes/mine'), 20001);
    expectCode(await other.post('/attributes/condition/validate', { conditions: [cond('mine', 'ANY_MATCH', ['x'])] }), 20001);
    expectCode(await other.post('/attributes', { attributeId: 'mine', attributeDataTypeCode: 'NUMERIC' }), 0);
    expect(expectCode(await api.get('/attributes/mine'), 0).attribute.attributeDataTypeCode).toBe('STRING');
    // This tenant's secret against the other tenant's appKey: 401, whatever the id.
    const res = await api.request('GET', '/attributes/mine', { secretKey: other.secretKey });
    expectCode(res, 401);
  });
});
