import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { DomainErrorCode } from '../../domain/errors';

/** resultCode of each domain error in the Role API (README: "Role API resultCodes"). */
export const RESULT_CODES: Record<DomainErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 400,
  not_found: 404,
  conflict: 400,
  'tenant.not_found': 401,
  'tenant.exists': 400,
  'organization.not_found': 400,
  'organization.exists': 400,
  'organization.in_use': 400,
  'resource.path_exists': 10003,
  'resource.id_exists': 10004,
  'resource.not_found': 10005,
  'resource.ui_path_exists': 10007,
  'role.exists': 11000,
  'role.not_found': 11001,
  'role_relation.exists': 11003,
  'authorization.exists': 11005,
  'authorization.not_found': 11006,
  'role.self_relation': 11007,
  'role.not_deniable': 11010,
  'operation.not_found': 12000,
  'operation.exists': 12001,
  'operation.in_use': 12003,
  'scope.exists': 13000,
  'scope.not_found': 13001,
  'scope.immutable': 13002,
  'scope.in_use': 13004,
  'user.exists': 14000,
  'user.not_found': 14001,
  'user_role.duplicate': 14002,
  'attribute.exists': 20000,
  'attribute.not_found': 20001,
  'attribute.in_use': 20005,
  'condition.operator_not_allowed': 21001,
  'condition.value_invalid': 21002,
  // Token-service codes never arise in this face; listed so the map stays exhaustive.
  'client.not_found': 400,
  'account.exists': 400,
  'oauth.invalid_request': 400,
  'oauth.invalid_client': 401,
  'oauth.invalid_grant': 400,
  'oauth.unauthorized_client': 400,
  'oauth.unsupported_grant_type': 400,
  'oauth.invalid_scope': 400,
  'oauth.invalid_token': 401,
  'oauth.invalid_target': 400,
  unavailable: 500,
  // Identity API group codes never arise in this face either.
  'group.not_found': 400,
  'group_member.not_found': 400,
  'group_member.exists': 400,
  'group_owner.immutable': 400,
  // Apps API codes never arise in this face.
  'contract.not_found': 400,
  'image.not_found': 400,
  'image.invalid': 400,
  'allowed_client.not_found': 400,
  // Sign-in and token request limits (src/domain/abuse) never arise in this face.
  rate_limited: 400,
};

export const headerSchema = z
  .object({
    isSuccessful: z.boolean(),
    resultCode: z.number().int(),
    resultMessage: z.string(),
  })
  .openapi('RoleApiHeader');

/** The common body: `header` plus the endpoint's own fields. */
export function envelopeSchema<T extends z.ZodRawShape>(name: string, fields: T) {
  return z.object({ header: headerSchema, ...fields }).openapi(name);
}

export const headerOnlySchema = envelopeSchema('RoleApiHeaderOnly', {});

const SUCCESS = { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' } as const;
/** E1: the reference's exact content type. */
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/** Role API answers are HTTP 200 whatever happened (semantics E1). */
export function ok<T extends object>(c: Context, body: T = {} as T) {
  return c.json({ header: SUCCESS, ...body }, 200, JSON_TYPE);
}

/** A successful write: header only, plus the revision it produced (E8). */
export function written(c: Context, revision: number) {
  c.header('X-Revision', String(revision));
  return c.json({ header: SUCCESS }, 200, JSON_TYPE);
}

export function failure(c: Context, resultCode: number, resultMessage: string) {
  return c.json({ header: { isSuccessful: false, resultCode, resultMessage } }, 200, JSON_TYPE);
}
