import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

describe('Role API v3 condition attributes', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    for (const roleId of ['ADMIN', 'MEMBER']) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0, roleName: roleId } }), 0);
    expectCode(await api.post('/roles/ADMIN/relations', { roleRelations: [{ relatedRoleId: 'MEMBER' }] }), 0);
  });

  it('A1/A3: creates attributes; GET answers the bundle with derived creation type, roles, tags and attributeInUse', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'instance.name', attributeName: 'Instance', attributeDataTypeCode: 'STRING', attributeTagIds: ['infra'] }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'ip', attributeDataTypeCode: 'IPADDRESS', attributeRoleRelationIds: ['MEMBER'] }), 0);
    const common = expectCode(await api.get('/attributes/instance.name'), 0);
    expect(common).toMatchObject({
      attributeInUse: false,
      attribute: {
        attributeId: 'instance.name',
        attributeName: 'Instance',
        description: null,
        attributeCreationTypeCode: 'COMMON_ATTRIBUTE',
        attributeDataTypeCode: 'STRING',
        attributeRoleRelations: [],
        attributeTags: [{ attributeId: 'instance.name', attributeTagId: 'infra' }],
      },
    });
    const roleAttr = expectCode(await api.get('/attributes/ip'), 0).attribute;
    expect(roleAttr.attributeCreationTypeCode).toBe('ROLE_ATTRIBUTE');
    expect(roleAttr.attributeRoleRelations).toMatchObject([{ attributeId: 'ip', roleId: 'MEMBER', roleName: 'MEMBER', exposureOrder: 0 }]);
    expectCode(await api.post('/attributes', { attributeId: 'ip', attributeDataTypeCode: 'STRING' }), 20000);
    expectCode(await api.post('/attributes', { attributeId: 'x', attributeDataTypeCode: 'COLOR' }), 400);
    expectCode(await api.post('/attributes', { attributeId: 'x' }), 400);
    expectCode(await api.post('/attributes', { attributeId: 'x', attributeDataTypeCode: 'STRING', attributeRoleRelationIds: ['NOPE'] }), 11001);
    expectCode(await api.get('/attributes/nope'), 20001);
  });

  it('searches and lists ids with the reference filters', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'a.str', attributeDataTypeCode: 'STRING', description: 'Text', attributeTagIds: ['t1'] }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'a.num', attributeDataTypeCode: 'NUMERIC', attributeRoleRelationIds: ['ADMIN'] }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'b.bool', attributeDataTypeCode: 'BOOLEAN' }), 0);
    const ids = async (body: object, q?: string) => expectCode(await api.post('/attributes/id', body, q), 0).attributeIds;
    expect(await ids({})).toEqual(['a.num', 'a.str', 'b.bool']);
    expect(await ids({ attributeIdPreLike: 'a.' })).toEqual(['a.num', 'a.str']);
    expect(await ids({ attributeDataTypeCodes: ['BOOLEAN', 'NUMERIC'] })).toEqual(['a.num', 'b.bool']);
    expect(await ids({ attributeCreationTypeCodes: ['ROLE_ATTRIBUTE'] })).toEqual(['a.num']);
    expect(await ids({ roleIds: ['ADMIN'] })).toEqual(['a.num']);
    expect(await ids({ attributeTagIds: ['t1'] })).toEqual(['a.str']);
    expect(await ids({ descriptionLike: 'tex' })).toEqual(['a.str']);
    expect(await ids({}, 'sort=attributeDataTypeCode,DESC')).toEqual(['a.str', 'a.num', 'b.bool']);
    const found = expectCode(await api.post('/attributes/search', { attributeIds: ['a.num'] }), 0);
    expect(found).toMatchObject({ totalItems: 1, attributes: [{ attributeId: 'a.num', attributeRoleRelations: [{ roleId: 'ADMIN' }] }] });
  });

  it('A4: the attributes a role may use are the COMMON ones and those related to it', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'common', attributeDataTypeCode: 'STRING' }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'admin.only', attributeDataTypeCode: 'STRING', attributeRoleRelationIds: ['ADMIN'] }), 0);
    const forAdmin = expectCode(await api.post('/roles/ADMIN/attributes/search', {}), 0);
    expect(forAdmin.attributes.map((a: any) => a.attributeId)).toEqual(['common', 'admin.only']);
    const forMember = expectCode(await api.post('/roles/MEMBER/attributes/search', {}), 0);
    expect(forMember.attributes.map((a: any) => a.attributeId)).toEqual(['common']);
    expectCode(await api.post('/roles/NOPE/attributes/search', {}), 11001);
  });

  it('U2/A2: conditions are validated against attribute, availability, operator and values; readers see the attribute', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'n', attributeDataTypeCode: 'NUMERIC' }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'only.admin', attributeDataTypeCode: 'STRING', attributeRoleRelationIds: ['ADMIN'] }), 0);
    const user = (conditions: unknown[], roleId = 'MEMBER') => ({ users: [{ userId: 'u', roleRelations: [{ roleId, scopeId: 'ALL', conditions }] }] });
    expectCode(await api.post('/users', user([{ attributeId: 'nope', attributeOperatorTypeCode: 'ANY_MATCH', attributeValues: ['1'] }])), 20001);
    expectCode(await api.post('/users', user([{ attributeId: 'only.admin', attributeOperatorTypeCode: 'ANY_MATCH', attributeValues: ['x'] }])), 20001);
    expectCode(await api.post('/users', user([{ attributeId: 'n', attributeOperatorTypeCode: 'ALLOW', attributeValues: ['1'] }])), 21001);
    expectCode(await api.post('/users', user([{ attributeId: 'n', attributeOperatorTypeCode: 'GREATER_THAN', attributeValues: ['x'] }])), 21002);
    expectCode(await api.post('/users', user([{ attributeId: 'n', attributeOperatorTypeCode: 'BETWEEN', attributeValues: ['5', '1'] }])), 21002);
    expectCode(await api.post('/users', user([{ attributeId: 'n', attributeOperatorTypeCode: 'BETWEEN', attributeValues: ['1', '5'] }])), 0);
    const rel = expectCode(await api.get('/users/u'), 0).user.roleRelations[0];
    expect(rel.conditions).toEqual([
      {
        attributeId: 'n',
        attributeOperatorTypeCode: 'BETWEEN',
        attributeValues: ['1', '5'],
        attribute: { attributeId: 'n', attributeName: null, description: null, attributeCreationTypeCode: 'COMMON_ATTRIBUTE', attributeDataTypeCode: 'NUMERIC' },
      },
    ]);
    // Role relations constrain their related role (A3).
    expectCode(
      await api.put('/roles/ADMIN/relations', { roleRelations: [{ relatedRoleId: 'MEMBER', conditions: [{ attributeId: 'only.admin', attributeOperatorTypeCode: 'ANY_MATCH', attributeValues: ['x'] }] }] }),
      20001,
    );
    expect(expectCode(await api.get('/attributes/n'), 0).attributeInUse).toBe(true);
  });

  it('C4: condition/validate and data-types', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'day', attributeDataTypeCode: 'DAY_OF_WEEK' }), 0);
    expectCode(await api.post('/attributes/condition/validate', { conditions: [{ attributeId: 'day', attributeOperatorTypeCode: 'ANY_MATCH', attributeValues: ['monday'] }] }), 0);
    expectCode(await api.post('/attributes/condition/validate', { conditions: [{ attributeId: 'day', attributeOperatorTypeCode: 'ANY_MATCH', attributeValues: ['someday'] }] }), 21002);
    expectCode(await api.post('/attributes/condition/validate', { conditions: [{ attributeId: 'day', attributeOperatorTypeCode: 'TRUE' }] }), 21001);
    expectCode(await api.post('/attributes/condition/validate', { conditions: [{ attributeId: 'zz', attributeOperatorTypeCode: 'TRUE' }] }), 20001);
    expectCode(await api.post('/attributes/condition/validate', { conditions: [{ attributeId: 'day', attributeOperatorTypeCode: 'BOGUS' }] }), 400);
    const types = expectCode(await api.post('/attributes/data-types'), 0).dataTypes;
    expect(types.map((t: any) => t.dataType)).toEqual(['STRING', 'NUMERIC', 'DAY_OF_WEEK', 'DATETIME', 'TIME', 'IPADDRESS', 'BOOLEAN']);
    expect(types.find((t: any) => t.dataType === 'BOOLEAN').operators).toEqual([
      { operatorTypeCode: 'TRUE', min: 0, max: 0 },
      { operatorTypeCode: 'FALSE', min: 0, max: 0 },
    ]);
  });

  it('A5: in-use attributes are kept unless forceDelete, which strips conditions and records histories', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'flag', attributeDataTypeCode: 'BOOLEAN' }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'free', attributeDataTypeCode: 'BOOLEAN' }), 0);
    const cond = [{ attributeId: 'flag', attributeOperatorTypeCode: 'TRUE' }];
    expectCode(await api.post('/users', { users: [{ userId: 'u', roleRelations: [{ roleId: 'ADMIN', scopeId: 'ALL', conditions: cond }] }] }), 0);
    expectCode(await api.put('/roles/ADMIN/relations', { roleRelations: [{ relatedRoleId: 'MEMBER', conditions: cond }] }), 0);
    expectCode(await api.delete('/attributes/flag'), 20005);
    expectCode(await api.put('/attributes/flag', { attributeDataTypeCode: 'STRING' }), 20005);
    expectCode(await api.delete('/attributes', { attributeIds: ['free', 'flag'] }), 20005);
    expectCode(await api.get('/attributes/free'), 0);
    expectCode(await api.delete('/attributes/flag', undefined, 'forceDelete=true'), 0);
    expectCode(await api.get('/attributes/flag'), 20001);
    expect(expectCode(await api.get('/users/u'), 0).user.roleRelations[0].conditions).toEqual([]);
    expect(expectCode(await api.get('/roles/ADMIN'), 0).role.roleRelations[0].conditions).toEqual([]);
    const history = expectCode(await api.get('/users/u/histories', 'itemsPerPage=2'), 0).userHistory;
    expect(history.map((h: any) => h.command)).toEqual(['ADD', 'REMOVE']);
    expect(history[1].conditions[0].attributeId).toBe('flag');
    expectCode(await api.delete('/attributes', { attributeIds: ['free'] }), 0);
  });

  it('L7: PUT replaces name/description/type and, when present, roles and tags', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'p', attributeDataTypeCode: 'STRING', attributeName: 'P', attributeRoleRelationIds: ['ADMIN'], attributeTagIds: ['x'] }), 0);
    expectCode(await api.put('/attributes/p', { attributeDataTypeCode: 'NUMERIC', description: 'now numeric' }), 0);
    let a = expectCode(await api.get('/attributes/p'), 0).attribute;
    expect(a).toMatchObject({ attributeName: 'P', description: 'now numeric', attributeDataTypeCode: 'NUMERIC', attributeRoleRelations: [{ roleId: 'ADMIN' }], attributeTags: [{ attributeTagId: 'x' }] });
    expectCode(await api.put('/attributes/p', { attributeDataTypeCode: 'NUMERIC', attributeRoleRelationIds: [], attributeTagIds: ['y', 'z'] }), 0);
    a = expectCode(await api.get('/attributes/p'), 0).attribute;
    expect(a.attributeCreationTypeCode).toBe('COMMON_ATTRIBUTE');
    expect(a.attributeTags.map((t: any) => t.attributeTagId)).toEqual(['y', 'z']);
    expectCode(await api.put('/attributes/p', { description: 'no type' }), 400);
    expectCode(await api.put('/attributes/nope', { attributeDataTypeCode: 'STRING' }), 20001);
  });

  it('A6: attribute roles and tags are added, skipped when present, removed, and searched (R10 INDIRECT)', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'r', attributeDataTypeCode: 'STRING' }), 0);
    expectCode(await api.post('/attributes/r/roles', { attributeRoleRelationIds: ['MEMBER'] }), 0);
    expectCode(await api.post('/attributes/r/roles', { attributeRoleRelationIds: ['MEMBER'] }), 0);
    expectCode(await api.post('/attributes/r/roles', { attributeRoleRelationIds: ['NOPE'] }), 11001);
    const direct = expectCode(await api.post('/attributes/r/roles/search', {}), 0);
    expect(direct).toMatchObject({ totalItems: 1, attributeRoleRelations: [{ attributeId: 'r', roleId: 'MEMBER' }] });
    const indirect = expectCode(await api.post('/attributes/r/roles/search', { searchRoleOptionCode: 'INDIRECT_ROLE' }), 0);
    expect(indirect.attributeRoleRelations.map((x: any) => x.roleId)).toEqual(['ADMIN', 'MEMBER']);
    expectCode(await api.delete('/attributes/r/roles', { attributeRoleRelationIds: ['MEMBER', 'ADMIN'] }), 0);
    expect(expectCode(await api.post('/attributes/r/roles/search', {}), 0).totalItems).toBe(0);

    expectCode(await api.post('/attributes/r/tags', { attributeTagIds: ['t2', 't1', 't1'] }), 0);
    expectCode(await api.post('/attributes', { attributeId: 's', attributeDataTypeCode: 'STRING', attributeTagIds: ['t1'] }), 0);
    expect(expectCode(await api.post('/attributes/tags/id', {}), 0)).toMatchObject({ totalItems: 2, attributeTagIds: ['t1', 't2'] });
    const pairs = expectCode(await api.post('/attributes/tags/search', { attributeTagIds: ['t1'] }, 'sort=attributeId,DESC'), 0);
    expect(pairs.attributeTags.map((t: any) => `${t.attributeId}:${t.attributeTagId}`)).toEqual(['s:t1', 'r:t1']);
    expect(pairs.attributeTags[0].regYmdt).toMatch(/\+00:00$/);
    expectCode(await api.delete('/attributes/r/tags', { attributeTagIds: ['t1', 'absent'] }), 0);
    expect(expectCode(await api.post('/attributes/tags/search', { attributeIds: ['r'] }), 0).attributeTags.map((t: any) => t.attributeTagId)).toEqual(['t2']);
    expectCode(await api.post('/attributes/nope/tags', { attributeTagIds: ['t'] }), 20001);
  });
});
