import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

const cond = (attributeId: string, op: string, values?: string[]) => ({ attributeId, attributeOperatorTypeCode: op, ...(values ? { attributeValues: values } : {}) });

describe('Role API v3 condition attributes: lists and searches', () => {
  let api: RoleClient;
  const ids = async (body: object, query?: string) => expectCode(await api.post('/attributes/id', body, query), 0).attributeIds as string[];

  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    for (const [roleId, exposureOrder, roleName] of [
      ['ADMIN', 3, 'Admin'],
      ['EDITOR', 1, 'Editor'],
      ['MEMBER', 2, 'member'],
      ['GUEST', 2, null],
      ['OTHER', 0, 'Other'],
    ] as const) {
      expectCode(await api.post('/roles', { role: { roleId, exposureOrder, roleName } }), 0);
    }
  });

  async function seedAttributes() {
    const rows = [
      { attributeId: 'a.str', attributeDataTypeCode: 'STRING', attributeName: 'beta', description: 'Some TEXT', attributeTagIds: ['t1', 't2'] },
      { attributeId: 'a.num', attributeDataTypeCode: 'NUMERIC', attributeName: 'alpha', attributeRoleRelationIds: ['ADMIN'] },
      { attributeId: 'A.upper', attributeDataTypeCode: 'TIME', description: 'text too', attributeRoleRelationIds: ['MEMBER'], attributeTagIds: ['t2'] },
      { attributeId: 'b.bool', attributeDataTypeCode: 'BOOLEAN', attributeRoleRelationIds: ['MEMBER', 'ADMIN'] },
      { attributeId: 'c.ip', attributeDataTypeCode: 'IPADDRESS', attributeName: 'gamma' },
    ];
    for (const row of rows) expectCode(await api.post('/attributes', row), 0);
  }

  it('L1/L2: default sort id.attributeId ASC (binary), page and itemsPerPage, a page past the end', async () => {
    await seedAttributes();
    expect(await ids({})).toEqual(['A.upper', 'a.num', 'a.str', 'b.bool', 'c.ip']);
    const page2 = expectCode(await api.post('/attributes/id', {}, 'page=2&itemsPerPage=2'), 0);
    expect(page2).toMatchObject({ totalItems: 5, attributeIds: ['a.str', 'b.bool'] });
    expect(expectCode(await api.post('/attributes/search', {}, 'page=3&itemsPerPage=2'), 0).attributes.map((a: any) => a.attributeId)).toEqual(['c.ip']);
    expect(expectCode(await api.post('/attributes/search', {}, 'page=4&itemsPerPage=2'), 0)).toMatchObject({ totalItems: 5, attributes: [] });
    for (const q of ['page=0', 'itemsPerPage=0', 'itemsPerPage=1001', 'page=x', 'sort=nope', 'sort=attributeId,UP']) {
      expectCode(await api.post('/attributes/id', {}, q), 400);
      expectCode(await api.post('/attributes/search', {}, q), 400);
    }
  });

  it('L2/L3: repeatable sort keys, nulls first, the attribute id as last key', async () => {
    await seedAttributes();
    expect(await ids({}, 'sort=id.attributeId,DESC')).toEqual(['c.ip', 'b.bool', 'a.str', 'a.num', 'A.upper']);
    expect(await ids({}, 'sort=attributeName')).toEqual(['A.upper', 'b.bool', 'a.num', 'a.str', 'c.ip']);
    expect(await ids({}, 'sort=attributeCreationTypeCode,ASC&sort=attributeDataTypeCode,desc')).toEqual(['a.str', 'c.ip', 'A.upper', 'a.num', 'b.bool']);
    expect(await ids({}, 'sort=description,DESC')).toEqual(['A.upper', 'a.str', 'a.num', 'b.bool', 'c.ip']);
  });

  it('L4: filters combine with AND, list values with OR; *PreLike is a case-sensitive prefix, descriptionLike case-insensitive', async () => {
    await seedAttributes();
    expect(await ids({ attributeIdPreLike: 'a.' })).toEqual(['a.num', 'a.str']);
    expect(await ids({ attributeIdPreLike: 'A' })).toEqual(['A.upper']);
    expect(await ids({ attributeIdPreLike: '%' })).toEqual([]);
    expect(await ids({ attributeIds: ['a.str', 'A.STR', 'c.ip'] })).toEqual(['a.str', 'c.ip']);
    expect(await ids({ attributeDataTypeCodes: ['BOOLEAN', 'NUMERIC'] })).toEqual(['a.num', 'b.bool']);
    expect(await ids({ attributeCreationTypeCodes: ['COMMON_ATTRIBUTE'] })).toEqual(['a.str', 'c.ip']);
    expect(await ids({ attributeCreationTypeCodes: ['ROLE_ATTRIBUTE', 'COMMON_ATTRIBUTE'] })).toHaveLength(5);
    expect(await ids({ attributeTagIds: ['t2'] })).toEqual(['A.upper', 'a.str']);
    expect(await ids({ attributeTagIds: ['t1', 'zz'] })).toEqual(['a.str']);
    expect(await ids({ descriptionLike: 'text' })).toEqual(['A.upper', 'a.str']);
    expect(await ids({ descriptionLike: '%' })).toEqual([]);
    expect(await ids({ roleIds: ['ADMIN'] })).toEqual(['a.num', 'b.bool']);
    expect(await ids({ roleIds: ['MEMBER', 'OTHER'] })).toEqual(['A.upper', 'b.bool']);
    expect(await ids({ roleIdPreLike: 'MEM' })).toEqual(['A.upper', 'b.bool']);
    expect(await ids({ roleIdPreLike: 'mem' })).toEqual([]);
    expect(await ids({ roleIds: ['ADMIN'], attributeDataTypeCodes: ['BOOLEAN'] })).toEqual(['b.bool']);
    expect(await ids({ attributeIdPreLike: 'a.', attributeTagIds: ['t2'], descriptionLike: 'some' })).toEqual(['a.str']);
    // An empty string or list means "no filter".
    expect(await ids({ attributeIds: [], attributeIdPreLike: '', roleIds: [], descriptionLike: '', attributeTagIds: [] })).toHaveLength(5);
    expect(await ids({ attributeIds: null, roleIdPreLike: null })).toHaveLength(5);
    expectCode(await api.post('/attributes/id', { attributeDataTypeCodes: ['COLOR'] }), 400);
    expectCode(await api.post('/attributes/search', { attributeCreationTypeCodes: ['OTHER'] }), 400);
    expectCode(await api.post('/attributes/search', { attributeIds: 'a.str' }), 400);
  });

  it('search returns bundles in the same order as the id list, each with its roles and tags', async () => {
    await seedAttributes();
    const found = expectCode(await api.post('/attributes/search', { attributeTagIds: ['t2'] }, 'sort=attributeId,DESC'), 0);
    expect(found.totalItems).toBe(2);
    expect(found.attributes.map((a: any) => a.attributeId)).toEqual(['a.str', 'A.upper']);
    expect(found.attributes[0]).toMatchObject({
      attributeName: 'beta',
      description: 'Some TEXT',
      attributeCreationTypeCode: 'COMMON_ATTRIBUTE',
      attributeDataTypeCode: 'STRING',
      attributeRoleRelations: [],
      attributeTags: [{ attributeTagId: 't1' }, { attributeTagId: 't2' }],
    });
    expect(found.attributes[1].attributeRoleRelations).toMatchObject([{ attributeId: 'A.upper', roleId: 'MEMBER', roleName: 'member', exposureOrder: 2 }]);
  });

  it('A6/R10: attribute-role search pages, sorts and filters; INDIRECT_ROLE adds the roles above a related role', async () => {
    // ADMIN -> EDITOR -> MEMBER, OTHER -DENY-> MEMBER, GUEST -> ADMIN (so GUEST reaches MEMBER too), MEMBER -> GUEST (a cycle).
    expectCode(await api.post('/roles/ADMIN/relations', { roleRelations: [{ relatedRoleId: 'EDITOR' }] }), 0);
    expectCode(await api.post('/roles/EDITOR/relations', { roleRelations: [{ relatedRoleId: 'MEMBER' }] }), 0);
    expectCode(await api.post('/roles/OTHER/relations', { roleRelations: [{ relatedRoleId: 'MEMBER', roleApplyPolicyCode: 'DENY' }] }), 0);
    expectCode(await api.post('/roles/GUEST/relations', { roleRelations: [{ relatedRoleId: 'ADMIN' }] }), 0);
    expectCode(await api.post('/roles/MEMBER/relations', { roleRelations: [{ relatedRoleId: 'GUEST' }] }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'm', attributeDataTypeCode: 'STRING', attributeRoleRelationIds: ['MEMBER'] }), 0);
    const roles = async (body: object, query?: string) => expectCode(await api.post('/attributes/m/roles/search', body, query), 0);

    const direct = await roles({});
    expect(direct).toMatchObject({ totalItems: 1, attributeRoleRelations: [{ attributeId: 'm', roleId: 'MEMBER', roleName: 'member', roleGroup: null, description: null, exposureOrder: 2 }] });
    expect(direct.attributeRoleRelations[0].regYmdt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
    expect(await roles({ searchRoleOptionCode: 'DIRECT_ROLE' })).toEqual(direct);

    const indirect = await roles({ searchRoleOptionCode: 'INDIRECT_ROLE' });
    expect(indirect.totalItems).toBe(4);
    expect(indirect.attributeRoleRelations.map((r: any) => r.roleId)).toEqual(['ADMIN', 'EDITOR', 'GUEST', 'MEMBER']);
    expect((await roles({ searchRoleOptionCode: 'INDIRECT_ROLE' }, 'sort=exposureOrder,DESC&sort=roleId')).attributeRoleRelations.map((r: any) => r.roleId)).toEqual([
      'ADMIN',
      'GUEST',
      'MEMBER',
      'EDITOR',
    ]);
    expect((await roles({ searchRoleOptionCode: 'INDIRECT_ROLE' }, 'sort=roleName')).attributeRoleRelations.map((r: any) => r.roleId)).toEqual([
      'GUEST',
      'ADMIN',
      'EDITOR',
      'MEMBER',
    ]);
    const page = await roles({ searchRoleOptionCode: 'INDIRECT_ROLE' }, 'page=2&itemsPerPage=3');
    expect(page).toMatchObject({ totalItems: 4, attributeRoleRelations: [{ roleId: 'MEMBER' }] });
    expect((await roles({ searchRoleOptionCode: 'INDIRECT_ROLE', roleIdPreLike: 'E' })).attributeRoleRelations.map((r: any) => r.roleId)).toEqual(['EDITOR']);
    expect((await roles({ searchRoleOptionCode: 'INDIRECT_ROLE', roleIds: ['GUEST', 'OTHER'] })).attributeRoleRelations.map((r: any) => r.roleId)).toEqual(['GUEST']);
    expect((await roles({ roleIds: ['GUEST'] })).totalItems).toBe(0);

    expectCode(await api.post('/attributes/m/roles/search', { searchRoleOptionCode: 'ALL_ROLES' }), 400);
    expectCode(await api.post('/attributes/m/roles/search', {}, 'sort=bogus'), 400);
    expectCode(await api.post('/attributes/nope/roles/search', {}), 20001);
    expectCode(await api.post('/attributes', { attributeId: 'none', attributeDataTypeCode: 'STRING' }), 0);
    const none = expectCode(await api.post('/attributes/none/roles/search', { searchRoleOptionCode: 'INDIRECT_ROLE' }), 0);
    expect(none).toMatchObject({ totalItems: 0, attributeRoleRelations: [] });
  });

  it('A6: tag ids are distinct and paged; tag pairs filter, sort and page', async () => {
    await seedAttributes();
    expectCode(await api.post('/attributes/c.ip/tags', { attributeTagIds: ['net', 't1'] }), 0);
    const tagIds = async (body: object, query?: string) => expectCode(await api.post('/attributes/tags/id', body, query), 0);
    expect(await tagIds({})).toMatchObject({ totalItems: 3, attributeTagIds: ['net', 't1', 't2'] });
    expect(await tagIds({}, 'sort=attributeTagId,DESC&itemsPerPage=2')).toMatchObject({ totalItems: 3, attributeTagIds: ['t2', 't1'] });
    expect(await tagIds({ attributeTagIdPreLike: 't' })).toMatchObject({ totalItems: 2, attributeTagIds: ['t1', 't2'] });
    expect(await tagIds({ attributeIdPreLike: 'A' })).toMatchObject({ totalItems: 1, attributeTagIds: ['t2'] });
    expect(await tagIds({ attributeIds: ['c.ip', 'a.str'], attributeTagIds: ['t2', 'net'] })).toMatchObject({ totalItems: 2, attributeTagIds: ['net', 't2'] });

    const pairs = async (body: object, query?: string) =>
      expectCode(await api.post('/attributes/tags/search', body, query), 0) as { totalItems: number; attributeTags: { attributeId: string; attributeTagId: string; regYmdt: string }[] };
    const all = await pairs({});
    expect(all.totalItems).toBe(5);
    expect(all.attributeTags.map((t) => `${t.attributeTagId}@${t.attributeId}`)).toEqual(['net@c.ip', 't1@a.str', 't1@c.ip', 't2@A.upper', 't2@a.str']);
    expect(Object.keys(all.attributeTags[0]!).sort()).toEqual(['attributeId', 'attributeTagId', 'regYmdt']);
    const sorted = await pairs({ attributeTagIdPreLike: 't' }, 'sort=attributeId,DESC&page=2&itemsPerPage=2');
    expect(sorted.totalItems).toBe(4);
    // attributeId DESC (binary: 'c.ip' > 'a.str' > 'A.upper'), then the tag id: t1@c.ip, t1@a.str | t2@a.str, t2@A.upper.
    expect(sorted.attributeTags.map((t) => `${t.attributeTagId}@${t.attributeId}`)).toEqual(['t2@a.str', 't2@A.upper']);
    expectCode(await api.post('/attributes/tags/search', {}, 'sort=roleId'), 400);
    expectCode(await api.post('/attributes/tags/id', {}, 'sort=attributeId'), 400);
  });

  it('data-types lists every data type with the operators and value counts of §6.3', async () => {
    const body = expectCode(await api.post('/attributes/data-types'), 0);
    const table = Object.fromEntries(
      body.dataTypes.map((t: any) => [t.dataType, Object.fromEntries(t.operators.map((o: any) => [o.operatorTypeCode, `${o.min}..${o.max}`]))]),
    );
    const cmp = { GREATER_THAN: '1..1', GREATER_THAN_OR_EQUAL_TO: '1..1', LESS_THAN: '1..1', LESS_THAN_OR_EQUAL_TO: '1..1', BETWEEN: '2..2', BEYOND: '2..2' };
    expect(table).toEqual({
      STRING: { ANY_MATCH: '1..100', NONE_MATCH: '1..100', ANY_CONTAINS: '1..100', ALL_CONTAINS: '1..100', NOT_CONTAINS: '1..100' },
      NUMERIC: { ANY_MATCH: '1..100', NONE_MATCH: '1..100', ...cmp },
      DAY_OF_WEEK: { ANY_MATCH: '1..7', NONE_MATCH: '1..7' },
      DATETIME: cmp,
      TIME: cmp,
      IPADDRESS: { ALLOW: '1..100', NOT_ALLOW: '1..100', BETWEEN: '2..2', BEYOND: '2..2' },
      BOOLEAN: { TRUE: '0..0', FALSE: '0..0' },
    });
    expect(Object.keys(body.dataTypes[0].operators[0]).sort()).toEqual(['max', 'min', 'operatorTypeCode']);
    // A body is not needed, and one is ignored.
    expectCode(await api.post('/attributes/data-types', { anything: true }), 0);
  });

  it('C4: condition/validate checks existence, operator and values (first failure wins), not role availability', async () => {
    expectCode(await api.post('/attributes', { attributeId: 'n', attributeDataTypeCode: 'NUMERIC' }), 0);
    expectCode(await api.post('/attributes', { attributeId: 'flag', attributeDataTypeCode: 'BOOLEAN', attributeRoleRelationIds: ['OTHER'] }), 0);
    const validate = (...conditions: object[]) => api.post('/attributes/condition/validate', { conditions });
    expectCode(await validate(cond('n', 'BETWEEN', ['1', '2']), cond('flag', 'TRUE')), 0);
    expectCode(await validate(cond('flag', 'FALSE', [])), 0);
    expectCode(await validate({ ...cond('flag', 'TRUE'), attributeValues: null }), 0);
    expectCode(await validate(cond('n', 'BETWEEN', ['2', '1'])), 21002);
    expectCode(await validate(cond('n', 'GREATER_THAN')), 21002);
    expectCode(await validate(cond('n', 'ALLOW', ['1'])), 21001);
    expectCode(await validate(cond('n', 'GREATER_THAN', ['1']), cond('flag', 'ANY_MATCH', ['true']), cond('zz', 'TRUE')), 21001);
    expectCode(await validate(cond('zz', 'TRUE'), cond('n', 'ALLOW', ['1'])), 20001);
    expectCode(await validate(cond('bad id!', 'TRUE')), 400);
    expectCode(await validate(cond('n', 'BIGGER', ['1'])), 400);
    expectCode(await validate({ attributeOperatorTypeCode: 'TRUE' }), 400);
    expectCode(await validate({ ...cond('n', 'ANY_MATCH'), attributeValues: [1] }), 400);
    expectCode(await api.post('/attributes/condition/validate', {}), 400);
    expectCode(await validate(), 0);
  });

  it('A4: a role may use the COMMON attributes and those related to it, sorted COMMON first', async () => {
    await seedAttributes();
    const usable = async (roleId: string, body: object = {}, query?: string) =>
      expectCode(await api.post(`/roles/${roleId}/attributes/search`, body, query), 0).attributes.map((a: any) => a.attributeId);
    expect(await usable('ADMIN')).toEqual(['a.str', 'c.ip', 'a.num', 'b.bool']);
    expect(await usable('MEMBER')).toEqual(['a.str', 'c.ip', 'A.upper', 'b.bool']);
    expect(await usable('OTHER')).toEqual(['a.str', 'c.ip']);
    expect(await usable('MEMBER', { attributeTagIds: ['t2'] })).toEqual(['a.str', 'A.upper']);
    expect(await usable('ADMIN', {}, 'sort=attributeId,DESC')).toEqual(['c.ip', 'b.bool', 'a.str', 'a.num']);
  });
});
