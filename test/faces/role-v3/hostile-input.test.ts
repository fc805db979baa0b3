import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import { RoleClient } from '../../helpers/role-client';

/** Every route of the face, with ids that exist in the seeded tenant. */
const ROUTES: [string, string][] = [
  ['POST', '/users'], ['DELETE', '/users'], ['POST', '/users/id'], ['POST', '/users/search'], ['GET', '/users/u1'], ['PUT', '/users/u1'],
  ['DELETE', '/users/u1'], ['GET', '/users/u1/histories'], ['PUT', '/users/u1/scopes/ALL'],
  ['POST', '/users/u1/authorizations/resources'], ['POST', '/users/u1/authorizations/roles'],
  ['POST', '/roles'], ['DELETE', '/roles'], ['GET', '/roles/id'], ['POST', '/roles/search'], ['GET', '/roles/R'], ['PUT', '/roles/R'],
  ['DELETE', '/roles/R'], ['GET', '/roles/R/deniable'], ['POST', '/roles/R/attributes/search'], ['GET', '/roles/tags/id'],
  ['POST', '/roles/R/relations'], ['PUT', '/roles/R/relations'], ['DELETE', '/roles/R/relations'],
  ['POST', '/scopes'], ['DELETE', '/scopes'], ['GET', '/scopes/id'], ['POST', '/scopes/search'], ['GET', '/scopes/ALL'], ['PUT', '/scopes/S'], ['DELETE', '/scopes/S'],
  ['POST', '/resources'], ['DELETE', '/resources'], ['GET', '/resources'], ['POST', '/resources/id'], ['POST', '/resources/search'],
  ['GET', '/resources/res'], ['PUT', '/resources/res'], ['DELETE', '/resources/res'], ['POST', '/resources/attributes/search'],
  ['GET', '/resources/res/sub-resources'], ['POST', '/resources/hierarchy/search'],
  ['POST', '/resources/res/authorizations'], ['GET', '/resources/res/authorizations'], ['DELETE', '/resources/res/authorizations'],
  ['POST', '/operations'], ['DELETE', '/operations'], ['GET', '/operations/id'], ['POST', '/operations/search'], ['GET', '/operations/GET'],
  ['PUT', '/operations/GET'], ['DELETE', '/operations/GET'],
  ['POST', '/attributes'], ['DELETE', '/attributes'], ['POST', '/attributes/id'], ['POST', '/attributes/search'], ['GET', '/attributes/a'],
  ['PUT', '/attributes/a'], ['DELETE', '/attributes/a'], ['POST', '/attributes/data-types'], ['POST', '/attributes/condition/validate'],
  ['POST', '/attributes/a/roles'], ['DELETE', '/attributes/a/roles'], ['POST', '/attributes/a/roles/search'],
  ['POST', '/attributes/a/tags'], ['DELETE', '/attributes/a/tags'], ['POST', '/attributes/tags/id'], ['POST', '/attributes/tags/search'],
  ['GET', '/config'], ['PUT', '/config'], ['PUT', '/config/cache-evict'],
];

const FIELD_NAMES = ['users', 'userIds', 'userId', 'roleIds', 'role', 'roleId', 'roleRelations', 'relatedRoleIds', 'scopeId', 'scopeIds', 'description',
  'resources', 'resourceIds', 'path', 'uiPath', 'priority', 'operationId', 'operationIds', 'attributeId', 'attributeIds', 'attributeDataTypeCode',
  'conditions', 'attributeValues', 'attributeOperatorTypeCode', 'roles', 'attributes', 'attributeTagIds', 'attributeRoleRelationIds', 'cacheTtl',
  'forceDelete', 'createUserIfNotExist', 'user', 'propagation', 'roleTagIdExpr', 'exposureOrder', 'needRoleRelations', 'searchRoleOptionCode'];

const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31) - 1, 1e308, '', ' ', 'ALL', 'id', '../', '%00', '\u0000', '😀'.repeat(40), 'a'.repeat(2000)),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...FIELD_NAMES), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const hostileBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELD_NAMES), hostileValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  hostileValue.map((v) => JSON.stringify(v)),
  fc.constantFrom('{', '[]', 'null', '"x"', '{"users": [', '\u0000', '{"a":1}{"b":2}', `{"x":${'['.repeat(500)}${']'.repeat(500)}}`),
);

const hostileQuery = fc
  .array(
    fc.tuple(
      fc.constantFrom('page', 'itemsPerPage', 'sort', 'roleIds', 'scopeIds', 'historyType', 'depth', 'limit', 'offset', 'forceDelete', 'fromDateTime', 'roleId', 'operationId', 'userId'),
      fc.oneof(fc.constantFrom('0', '-1', '1.5', '99999999999999999999', 'abc', 'id.userId,DESC', ',', '%', 'true'), fc.string({ maxLength: 12 })),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));

describe('hostile input to every Role API route', () => {
  it('always answers HTTP 200 with a well-formed envelope, never resultCode 500', async () => {
    const api = await RoleClient.forNewTenant();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), hostileBody, hostileQuery, async ([method, path], body, query) => {
        tried += 1;
        const res = await call(`/role/v3.0/appkeys/${api.appKey}${path}${query ? `?${query}` : ''}`, {
          method,
          headers: { 'x-secret-key': api.secretKey, 'content-type': 'application/json' },
          body: method === 'GET' ? undefined : body,
        });
        expect(res.status).toBe(200);
        const envelope = (await res.json()) as { header: { isSuccessful: boolean; resultCode: number; resultMessage: string } };
        expect(typeof envelope.header.isSuccessful).toBe('boolean');
        expect(envelope.header.resultCode).not.toBe(500);
        expect(typeof envelope.header.resultMessage).toBe('string');
      }),
      { numRuns: 2000, seed: 20261124 },
    );
    console.log(`hostile-input: tried ${tried} requests across ${ROUTES.length} routes`);
  });
});
