import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileBody, hostileQuery } from '../../helpers/hostile';
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

const QUERY_KEYS = ['page', 'itemsPerPage', 'sort', 'roleIds', 'scopeIds', 'historyType', 'depth', 'limit', 'offset', 'forceDelete', 'fromDateTime', 'roleId', 'operationId', 'userId'];

const hostileRoleBody = hostileBody(FIELD_NAMES);
const hostileRoleQuery = hostileQuery(QUERY_KEYS);

describe('hostile input to every Role API route', () => {
  it('always answers HTTP 200 with a well-formed envelope, never resultCode 500', async () => {
    const api = await RoleClient.forNewTenant();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), hostileRoleBody, hostileRoleQuery, async ([method, path], body, query) => {
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
    console.log(`hostile-input(role-v3): tried ${tried} requests across ${ROUTES.length} routes`);
  });
});
