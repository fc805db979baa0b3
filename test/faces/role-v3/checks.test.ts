import { beforeEach, describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../../helpers/role-client';

/** Builds a tenant from a compact description, through the Role API itself. */
async function setup(api: RoleClient, spec: {
  roles: string[];
  relations?: [string, string, ('ALLOW' | 'DENY')?, unknown[]?][];
  scopes?: string[];
  operations?: string[];
  resources?: [string, string, string, number?][];
  grants?: [string, string, string][];
  attributes?: [string, string, string[]?][];
  users?: [string, [string, string, ('ALLOW' | 'DENY')?, unknown[]?][]][];
}) {
  for (const roleId of spec.roles) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
  for (const [attributeId, attributeDataTypeCode, roles] of spec.attributes ?? []) {
    expectCode(await api.post('/attributes', { attributeId, attributeDataTypeCode, attributeRoleRelationIds: roles }), 0);
  }
  for (const [from, to, policy, conditions] of spec.relations ?? []) {
    expectCode(await api.post(`/roles/${from}/relations`, { roleRelations: [{ relatedRoleId: to, roleApplyPolicyCode: policy, conditions }] }), 0);
  }
  for (const scopeId of spec.scopes ?? []) expectCode(await api.post('/scopes', { scopeId }), 0);
  for (const operationId of spec.operations ?? []) expectCode(await api.post('/operations', { operationId }), 0);
  for (const [resourceId, uiPath, path, priority] of spec.resources ?? []) {
    expectCode(await api.post('/resources', { resourceId, uiPath, path, priority: priority ?? 0 }), 0);
  }
  for (const [resourceId, roleId, operationId] of spec.grants ?? []) {
    expectCode(await api.post(`/resources/${resourceId}/authorizations`, { roleId, operationId }), 0);
  }
  for (const [userId, rels] of spec.users ?? []) {
    const roleRelations = rels.map(([roleId, scopeId, roleApplyPolicyCode, conditions]) => ({ roleId, scopeId, roleApplyPolicyCode, conditions }));
    expectCode(await api.post('/users', { users: [{ userId, roleRelations }] }), 0);
  }
}

const checkRole = async (api: RoleClient, userId: string, roleId: string, scopeId?: string, attributes?: unknown[]) =>
  expectCode(await api.post(`/users/${userId}/authorizations/roles`, { roles: [{ roleId, scopeId, attributes }] }), 0).authorizations[0].permission as boolean;

const checkResource = async (api: RoleClient, userId: string, item: Record<string, unknown>) =>
  expectCode(await api.post(`/users/${userId}/authorizations/resources`, { resources: [item] }), 0).authorizations[0].permission as boolean;

describe('checks: effective roles (§7, R1–R4, S3)', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
  });

  it('R1: holders of a role hold its sub-roles transitively, never the reverse', async () => {
    await setup(api, { roles: ['A', 'B', 'C'], relations: [['A', 'B'], ['B', 'C']], users: [['u', [['A', 'ALL']]], ['v', [['C', 'ALL']]]] });
    expect(await checkRole(api, 'u', 'C')).toBe(true);
    expect(await checkRole(api, 'v', 'A')).toBe(false);
  });

  it('Z-3 / R4: cycles are harmless', async () => {
    await setup(api, { roles: ['A', 'B', 'C'], relations: [['A', 'B'], ['B', 'A'], ['B', 'C']], users: [['u', [['A', 'ALL']]]] });
    expect(await checkRole(api, 'u', 'C')).toBe(true);
  });

  it('Z-3 / R3: a DENY relation wins over any ALLOW path; the denied role\'s sub-roles stay when reachable otherwise', async () => {
    await setup(api, {
      roles: ['ADMIN', 'MEMBER', 'GUEST', 'EXTRA', 'ONLY'],
      relations: [['ADMIN', 'MEMBER'], ['ADMIN', 'GUEST'], ['MEMBER', 'GUEST'], ['MEMBER', 'ONLY'], ['ADMIN', 'EXTRA'], ['EXTRA', 'MEMBER', 'DENY']],
      users: [['u', [['ADMIN', 'ALL']]]],
    });
    const held = { MEMBER: await checkRole(api, 'u', 'MEMBER'), GUEST: await checkRole(api, 'u', 'GUEST'), ONLY: await checkRole(api, 'u', 'ONLY') };
    expect(held).toEqual({ MEMBER: false, GUEST: true, ONLY: false });
  });

  it('U1: a user-level DENY switches off a role held through relations (deniable role)', async () => {
    await setup(api, { roles: ['A', 'B'], relations: [['A', 'B']], users: [['u', [['A', 'ALL'], ['B', 'ALL', 'DENY']]]] });
    expect(await checkRole(api, 'u', 'A')).toBe(true);
    expect(await checkRole(api, 'u', 'B')).toBe(false);
  });

  it('S3 (our rule): ALL relations apply in every scope; scoped ones only there; unknown scope is denied', async () => {
    await setup(api, { roles: ['G', 'S'], scopes: ['S1', 'S2'], users: [['u', [['G', 'ALL'], ['S', 'S1']]]] });
    expect(await checkRole(api, 'u', 'G', 'S1')).toBe(true);
    expect(await checkRole(api, 'u', 'S', 'S1')).toBe(true);
    expect(await checkRole(api, 'u', 'S', 'S2')).toBe(false);
    expect(await checkRole(api, 'u', 'S')).toBe(false);
    expect(await checkRole(api, 'u', 'G', 'NOPE')).toBe(false);
    expect(await checkRole(api, 'u', 'G', '')).toBe(true);
  });

  it('K3: unknown users, roles and operations are denied, never an error', async () => {
    await setup(api, { roles: ['A'], users: [['u', [['A', 'ALL']]]] });
    expect(await checkRole(api, 'nobody', 'A')).toBe(false);
    expect(await checkRole(api, 'u', 'NOPE')).toBe(false);
    expect(await checkRole(api, 'not a valid id!', 'A')).toBe(false);
  });
});

describe('checks: conditions (C1–C3, R2)', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    await setup(api, {
      roles: ['ADMIN', 'SUB', 'OPT'],
      attributes: [['ip', 'IPADDRESS'], ['level', 'NUMERIC'], ['night', 'BOOLEAN']],
      relations: [
        ['ADMIN', 'SUB', 'ALLOW', [{ attributeId: 'level', attributeOperatorTypeCode: 'GREATER_THAN_OR_EQUAL_TO', attributeValues: ['3'] }]],
        ['ADMIN', 'OPT'],
      ],
      users: [
        ['office', [['ADMIN', 'ALL', 'ALLOW', [{ attributeId: 'ip', attributeOperatorTypeCode: 'ALLOW', attributeValues: ['10.0.0.0/8'] }]]]],
        ['nightly', [['ADMIN', 'ALL'], ['OPT', 'ALL', 'DENY', [{ attributeId: 'night', attributeOperatorTypeCode: 'TRUE' }]]]],
      ],
    });
  });

  it('C3: an ALLOW relation needs every condition TRUE; missing or malformed values fail closed', async () => {
    expect(await checkRole(api, 'office', 'ADMIN', undefined, [{ attributeId: 'ip', attributeValue: '10.1.2.3' }])).toBe(true);
    expect(await checkRole(api, 'office', 'ADMIN', undefined, [{ attributeId: 'ip', attributeValue: '192.168.0.1' }])).toBe(false);
    expect(await checkRole(api, 'office', 'ADMIN')).toBe(false);
    expect(await checkRole(api, 'office', 'ADMIN', undefined, [{ attributeId: 'ip', attributeValue: 'not-an-ip' }])).toBe(false);
  });

  it('R2: conditions on the way down are inherited', async () => {
    const ip = { attributeId: 'ip', attributeValue: '10.0.0.1' };
    expect(await checkRole(api, 'office', 'SUB', undefined, [ip, { attributeId: 'level', attributeValue: '5' }])).toBe(true);
    expect(await checkRole(api, 'office', 'SUB', undefined, [ip, { attributeId: 'level', attributeValue: '2' }])).toBe(false);
    expect(await checkRole(api, 'office', 'SUB', undefined, [{ attributeId: 'level', attributeValue: '5' }])).toBe(false);
  });

  it('C3: a DENY applies unless some condition is FALSE (UNKNOWN denies)', async () => {
    expect(await checkRole(api, 'nightly', 'OPT', undefined, [{ attributeId: 'night', attributeValue: 'false' }])).toBe(true);
    expect(await checkRole(api, 'nightly', 'OPT', undefined, [{ attributeId: 'night', attributeValue: 'TRUE' }])).toBe(false);
    expect(await checkRole(api, 'nightly', 'OPT')).toBe(false);
  });

  it('C1: the same attributeId twice in one item is a 400 for the request', async () => {
    const res = await api.post('/users/office/authorizations/roles', {
      roles: [{ roleId: 'ADMIN', attributes: [{ attributeId: 'ip', attributeValue: '10.0.0.1' }, { attributeId: 'ip', attributeValue: '10.0.0.2' }] }],
    });
    expectCode(res, 400);
  });
});

describe('checks: resources (K1–K4, M1–M5)', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    await setup(api, {
      roles: ['READER', 'WRITER'],
      operations: ['GET', 'POST'],
      resources: [
        ['boards', '/Boards', '/board/v1.0', 0],
        ['board', '/Boards/Board', '/board/v1.0/{boardId}', 0],
        ['special', '/Boards/Special', '/board/v1.0/special', 5],
        ['admin', '/Admin', '/admin/**', 0],
      ],
      grants: [['board', 'READER', 'GET'], ['board', 'WRITER', 'POST'], ['admin', 'WRITER', 'GET']],
      users: [['r', [['READER', 'ALL']]], ['w', [['WRITER', 'ALL']]]],
    });
  });

  it('K4: one result per item in order, echoing the request', async () => {
    const body = expectCode(
      await api.post('/users/r/authorizations/resources', {
        resources: [
          { authRequestId: 'a1', operationId: 'GET', resourcePath: '/board/v1.0/42' },
          { operationId: 'POST', resourceId: 'board', scopeId: 'ALL', attributes: [{ attributeId: 'x', attributeValue: 'y' }] },
          { operationId: 'GET', resourcePath: '/nowhere' },
          { operationId: 'GET', resourceId: 'missing' },
        ],
      }),
      0,
    );
    expect(body.authorizations).toEqual([
      { authRequestId: 'a1', operationId: 'GET', resourceId: 'board', resourcePath: '/board/v1.0/42', scopeId: 'ALL', attributes: [], permission: true },
      { authRequestId: null, operationId: 'POST', resourceId: 'board', resourcePath: null, scopeId: 'ALL', attributes: [{ attributeId: 'x', attributeValue: 'y' }], permission: false },
      { authRequestId: null, operationId: 'GET', resourceId: null, resourcePath: '/nowhere', scopeId: 'ALL', attributes: [], permission: false },
      { authRequestId: null, operationId: 'GET', resourceId: 'missing', resourcePath: null, scopeId: 'ALL', attributes: [], permission: false },
    ]);
  });

  it('K1: resourceId decides when both are given; "" counts as absent', async () => {
    expect(await checkResource(api, 'r', { operationId: 'GET', resourceId: 'special', resourcePath: '/board/v1.0/1' })).toBe(false);
    expect(await checkResource(api, 'r', { operationId: 'GET', resourceId: '', resourcePath: '/board/v1.0/1' })).toBe(true);
  });

  it('Z-4 (per semantics M5) / M4/M5: the most specific match alone decides (no fall-back); ** matches deep paths', async () => {
    expect(await checkResource(api, 'r', { operationId: 'GET', resourcePath: '/board/v1.0/special' })).toBe(false);
    expect(await checkResource(api, 'w', { operationId: 'GET', resourcePath: '/admin/a/b/c' })).toBe(true);
    expect(await checkResource(api, 'w', { operationId: 'GET', resourcePath: '/admin' })).toBe(true);
    expect(await checkResource(api, 'r', { operationId: 'GET', resourcePath: 'board/v1.0/1' })).toBe(false);
  });

  it('M2: the trailing-slash policy follows the tenant config, on the next check', async () => {
    expect(await checkResource(api, 'r', { operationId: 'GET', resourcePath: '/board/v1.0/1/' })).toBe(false);
    expectCode(await api.put('/config', { resourcePathTrailingSlashMatchPolicyCode: 'IDENTICAL_PATH' }), 0);
    expect(await checkResource(api, 'r', { operationId: 'GET', resourcePath: '/board/v1.0/1/' })).toBe(true);
  });

  it('validates the batch: 1..1000 items, operationId and a resource reference required', async () => {
    expectCode(await api.post('/users/r/authorizations/resources', { resources: [] }), 400);
    expectCode(await api.post('/users/r/authorizations/resources', { resources: [{ resourceId: 'board' }] }), 400);
    expectCode(await api.post('/users/r/authorizations/resources', { resources: [{ operationId: 'GET' }] }), 400);
    const many = Array.from({ length: 1001 }, () => ({ operationId: 'GET', resourceId: 'board' }));
    expectCode(await api.post('/users/r/authorizations/resources', { resources: many }), 400);
    const full = Array.from({ length: 1000 }, (_, i) => ({ operationId: 'GET', resourcePath: `/board/v1.0/${i}` }));
    const answered = expectCode(await api.post('/users/r/authorizations/resources', { resources: full }), 0);
    expect(answered.authorizations.every((a: any) => a.permission)).toBe(true);
  });
});

describe('checks: freshness (F1, CF3, CF4)', () => {
  let api: RoleClient;
  beforeEach(async () => {
    api = await RoleClient.forNewTenant();
    await setup(api, { roles: ['A', 'B'], operations: ['GET'], resources: [['r', '/R', '/r']], grants: [['r', 'A', 'GET']], users: [['u', [['A', 'ALL']]]] });
  });

  it('Z-11: every kind of mutation is visible to the next check', async () => {
    const can = () => checkResource(api, 'u', { operationId: 'GET', resourcePath: '/r' });
    expect(await can()).toBe(true);
    expectCode(await api.delete('/resources/r/authorizations', undefined, 'roleId=A&operationId=GET'), 0);
    expect(await can()).toBe(false);
    expectCode(await api.post('/resources/r/authorizations', { roleId: 'B', operationId: 'GET' }), 0);
    expect(await can()).toBe(false);
    expectCode(await api.post('/roles/A/relations', { roleRelations: [{ relatedRoleId: 'B' }] }), 0);
    expect(await can()).toBe(true);
    expectCode(await api.put('/users/u', { user: { roleRelations: [{ roleId: 'A', scopeId: 'ALL' }, { roleId: 'B', scopeId: 'ALL', roleApplyPolicyCode: 'DENY' }] } }), 0);
    expect(await can()).toBe(false);
    expectCode(await api.put('/users/u', { user: { roleRelations: [{ roleId: 'B', scopeId: 'ALL' }] } }), 0);
    expect(await can()).toBe(true);
    expectCode(await api.put('/resources/r', { uiPath: '/R', path: '/moved', priority: 0 }), 0);
    expect(await can()).toBe(false);
    expect(await checkResource(api, 'u', { operationId: 'GET', resourcePath: '/moved' })).toBe(true);
    expectCode(await api.delete('/roles/B'), 0);
    expect(await checkResource(api, 'u', { operationId: 'GET', resourcePath: '/moved' })).toBe(false);
    expectCode(await api.delete('/users/u'), 0);
    expect(await checkRole(api, 'u', 'A')).toBe(false);
  });

  it('Z-6 / F1: X-Min-Revision: answered at or after the revision; a revision in the future is a 400', async () => {
    const write = await api.post('/scopes', { scopeId: 'S' });
    const rev = write.revision!;
    const res = await api.request('POST', '/users/u/authorizations/roles', { body: { roles: [{ roleId: 'A', scopeId: 'S' }] }, headers: { 'x-min-revision': String(rev) } });
    expect(expectCode(res, 0).authorizations[0].permission).toBe(true);
    expect(res.revision).toBeGreaterThanOrEqual(rev);
    expectCode(await api.request('POST', '/users/u/authorizations/roles', { body: { roles: [{ roleId: 'A' }] }, headers: { 'x-min-revision': String(rev + 100) } }), 400);
    expectCode(await api.request('POST', '/users/u/authorizations/roles', { body: { roles: [{ roleId: 'A' }] }, headers: { 'x-min-revision': '-1' } }), 400);
  });

  it('CF4: checks and other reads never bump the revision', async () => {
    const before = (await api.post('/scopes', { scopeId: 'S2' })).revision!;
    await checkRole(api, 'u', 'A');
    expectCode(await api.post('/roles/search', {}), 0);
    const after = (await api.post('/scopes', { scopeId: 'S3' })).revision!;
    expect(after).toBe(before + 1);
  });
});

describe('checks: deep graphs', () => {
  it('a chain of 12 roles with a conditional link and a DENY near the bottom', async () => {
    const api = await RoleClient.forNewTenant();
    const roles = Array.from({ length: 12 }, (_, i) => `L${i}`);
    await setup(api, {
      roles,
      attributes: [['tier', 'NUMERIC']],
      relations: [
        ...roles.slice(0, -1).map((r, i): [string, string, 'ALLOW', unknown[]?] => [r, roles[i + 1]!, 'ALLOW', i === 5 ? [{ attributeId: 'tier', attributeOperatorTypeCode: 'GREATER_THAN', attributeValues: ['2'] }] : undefined]),
        ['L8', 'L10', 'DENY'],
      ],
      users: [['u', [['L0', 'ALL']]]],
    });
    const tier = (v: string) => [{ attributeId: 'tier', attributeValue: v }];
    expect(await checkRole(api, 'u', 'L5', undefined, tier('1'))).toBe(true);
    expect(await checkRole(api, 'u', 'L6', undefined, tier('1'))).toBe(false);
    expect(await checkRole(api, 'u', 'L9', undefined, tier('3'))).toBe(true);
    expect(await checkRole(api, 'u', 'L10', undefined, tier('3'))).toBe(false);
    expect(await checkRole(api, 'u', 'L11', undefined, tier('3'))).toBe(false);
  });
});
