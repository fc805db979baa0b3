import { z } from '@hono/zod-openapi';
import type { HistoryCommand, HistorySortField, UserSortField } from '../../domain/users/user';
import {
  createUsers,
  deleteUser,
  deleteUsers,
  getUser,
  listUserIds,
  searchUsers,
  updateUser,
  updateUserScope,
  userHistories,
  type UserSearchInput,
  type UserView,
} from '../../domain/users/users';
import { roleApp } from './app';
import { ok, written } from './envelope';
import { listParam, pageRequest, pagingQuery } from './paging';
import { jsonRequest, pathParams, roleRoute } from './route';
import {
  ConditionBundleProtocol,
  conditionsSchema,
  conditionWire,
  policySchema,
  RoleTagProtocol,
  searchRoleOptionSchema,
  wireTime,
} from './wire';

const tag = 'Users';
const userIdParam = { userId: z.string().openapi({ param: { name: 'userId', in: 'path' } }) };

const UserRoleRelationInput = z
  .object({ roleId: z.string(), scopeId: z.string(), roleApplyPolicyCode: policySchema.nullish(), conditions: conditionsSchema })
  .openapi('UserRoleRelationProtocol');

const RelationBundle = z
  .object({
    roleId: z.string(),
    scopeId: z.string(),
    roleName: z.string().nullable(),
    roleGroup: z.string().nullable(),
    description: z.string().nullable(),
    exposureOrder: z.number().int(),
    roleApplyPolicyCode: policySchema,
    conditions: z.array(ConditionBundleProtocol),
    roleTags: z.array(RoleTagProtocol),
    regYmdt: z.string(),
  })
  .openapi('UserBundleProtocol.UserRoleRelationBundleProtocol');

const UserBundleProtocol = z
  .object({
    userId: z.string(),
    description: z.string().nullable(),
    regYmdt: z.string(),
    roleRelations: z.array(RelationBundle),
    roleCounts: z.array(z.object({ scopeId: z.string(), roleCount: z.number().int() })).optional(),
  })
  .openapi('UserBundleProtocol');

function userWire(u: UserView) {
  return {
    userId: u.userId,
    description: u.description,
    regYmdt: wireTime(u.createdAt),
    roleRelations: u.relations.map((v) => ({
      roleId: v.role.roleId,
      scopeId: v.relation.scopeId,
      roleName: v.role.roleName,
      roleGroup: v.role.roleGroup,
      description: v.role.description,
      exposureOrder: v.role.exposureOrder,
      roleApplyPolicyCode: v.relation.policy,
      conditions: v.conditions.map(conditionWire),
      roleTags: v.tags.map((t) => ({ roleTagId: t.roleTagId })),
      regYmdt: wireTime(v.relation.createdAt),
    })),
    ...(u.roleCounts ? { roleCounts: u.roleCounts } : {}),
  };
}

const userSort = pagingQuery<UserSortField>(
  { 'id.userId': 'userId', userId: 'userId', description: 'description', regYmdt: 'createdAt' },
  [{ field: 'userId', direction: 'ASC' }],
);
const historySort = pagingQuery<HistorySortField>(
  { seq: 'seq', userHistorySeq: 'seq', executionTime: 'executionTime' },
  [{ field: 'seq', direction: 'DESC' }],
);

const SearchRequest = z
  .object({
    descriptionLike: z.string().nullish(),
    needRoleRelations: z.boolean().nullish(),
    needRoleTags: z.boolean().nullish(),
    needRoleCount: z.boolean().nullish(),
    roleIdPreLike: z.string().nullish(),
    roleIds: z.array(z.string()).nullish(),
    scopeIdPreLike: z.string().nullish(),
    scopeIds: z.array(z.string()).nullish(),
    searchRoleOptionCode: searchRoleOptionSchema.nullish(),
    userIdPreLike: z.string().nullish(),
    userIds: z.array(z.string()).nullish(),
  })
  .openapi('SearchUser.Request');

function searchInput(b: z.infer<typeof SearchRequest>): UserSearchInput {
  return {
    descriptionLike: b.descriptionLike ?? undefined,
    roleIdPreLike: b.roleIdPreLike ?? undefined,
    roleIds: b.roleIds ?? undefined,
    scopeIdPreLike: b.scopeIdPreLike ?? undefined,
    scopeIds: b.scopeIds ?? undefined,
    option: b.searchRoleOptionCode ?? undefined,
    userIdPreLike: b.userIdPreLike ?? undefined,
    userIds: b.userIds ?? undefined,
  };
}

const rfc3339 = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an RFC 3339 date-time')
  .transform((s) => new Date(s).toISOString());

const HistoryProtocol = z
  .object({
    userHistorySeq: z.number().int(),
    command: z.enum(['USER_ADD', 'USER_REMOVE', 'ADD', 'REMOVE']),
    userId: z.string(),
    roleId: z.string().nullable(),
    scopeId: z.string().nullable(),
    roleApplyPolicyCode: policySchema.nullable(),
    conditions: z.array(ConditionBundleProtocol),
    executionTime: z.string(),
    operatorUuid: z.string().nullable(),
  })
  .openapi('UserHistoryProtocol');

const putBody = (relation: z.ZodType, name: string) =>
  jsonRequest(
    z
      .object({
        user: z.object({ description: z.string().nullish(), roleRelations: z.array(relation).nullish() }),
        createUserIfNotExist: z.boolean().nullish(),
      })
      .openapi(name),
  );

/** Reference section ユーザー. */
export function userRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: '/users',
        tag,
        summary: 'Create users (1..1000, all or nothing)',
        request: {
          params: pathParams({}),
          body: jsonRequest(
            z
              .object({
                users: z.array(z.object({ userId: z.string(), description: z.string().nullish(), roleRelations: z.array(UserRoleRelationInput).nullish() })),
              })
              .openapi('CreateUserRequest'),
          ),
        },
      }),
      async (c) => written(c, (await createUsers(c.var.deps, c.var.tenant.appKey, c.req.valid('json').users)).revision),
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/users',
        tag,
        summary: 'Delete users (all or nothing)',
        request: { params: pathParams({}), body: jsonRequest(z.object({ userIds: z.array(z.string()) })) },
      }),
      async (c) => written(c, (await deleteUsers(c.var.deps, c.var.tenant.appKey, c.req.valid('json').userIds)).revision),
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/users/id',
        tag,
        summary: 'List user ids',
        request: { params: pathParams({}), query: z.object(userSort), body: jsonRequest(SearchRequest) },
        response: { name: 'SearchAllUser.Response', fields: { totalItems: z.number().int(), userIds: z.array(z.string()) } },
      }),
      async (c) => {
        const page = await listUserIds(c.var.deps, c.var.tenant.appKey, searchInput(c.req.valid('json')), pageRequest(c.req.valid('query')));
        return ok(c, { totalItems: page.totalItems, userIds: page.items });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/users/search',
        tag,
        summary: 'Search users',
        request: { params: pathParams({}), query: z.object(userSort), body: jsonRequest(SearchRequest) },
        response: { name: 'SearchUser.Response', fields: { totalItems: z.number().int(), users: z.array(UserBundleProtocol) } },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const page = await searchUsers(c.var.deps, c.var.tenant.appKey, searchInput(b), pageRequest(c.req.valid('query')), {
          relations: b.needRoleRelations ?? true,
          tags: b.needRoleTags ?? false,
          roleCount: b.needRoleCount ?? false,
        });
        return ok(c, { totalItems: page.totalItems, users: page.items.map(userWire) });
      },
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/users/{userId}/histories',
        tag,
        summary: 'Role-change history of a user',
        request: {
          params: pathParams(userIdParam),
          query: z.object({
            roleId: z.string().optional(),
            scopeId: z.string().optional(),
            fromDateTime: rfc3339.optional(),
            toDateTime: rfc3339.optional(),
            historyType: listParam.pipe(z.array(z.enum(['USER_ADD', 'USER_REMOVE', 'ADD', 'REMOVE'])).optional()),
            ...historySort,
          }),
        },
        response: { name: 'GetUserHistory.Response', fields: { totalItems: z.number().int(), userHistory: z.array(HistoryProtocol) } },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const page = await userHistories(
          c.var.deps,
          c.var.tenant.appKey,
          c.req.valid('param').userId,
          { roleId: q.roleId, scopeId: q.scopeId, from: q.fromDateTime, to: q.toDateTime, commands: q.historyType as HistoryCommand[] | undefined },
          pageRequest(q),
        );
        return ok(c, {
          totalItems: page.totalItems,
          userHistory: page.items.map((h) => ({
            userHistorySeq: h.seq,
            command: h.command,
            userId: h.userId,
            roleId: h.roleId,
            scopeId: h.scopeId,
            roleApplyPolicyCode: h.policy,
            conditions: h.conditionViews.map(conditionWire),
            executionTime: wireTime(h.executionTime),
            operatorUuid: h.operatorUuid,
          })),
        });
      },
    )
    .openapi(
      roleRoute({
        method: 'put',
        path: '/users/{userId}/scopes/{scopeId}',
        tag,
        summary: "Replace the user's relations in one scope (U4)",
        request: {
          params: pathParams({ ...userIdParam, scopeId: z.string().openapi({ param: { name: 'scopeId', in: 'path' } }) }),
          body: putBody(
            z.object({ roleId: z.string(), roleApplyPolicyCode: policySchema.nullish(), conditions: conditionsSchema }).openapi('UserScopeRoleRelationProtocol'),
            'PutUserScopeRequest',
          ),
        },
      }),
      async (c) => {
        const { userId, scopeId } = c.req.valid('param');
        const b = c.req.valid('json') as { user: { description?: string | null; roleRelations?: never[] | null }; createUserIfNotExist?: boolean | null };
        const changed = await updateUserScope(c.var.deps, c.var.tenant.appKey, userId, scopeId, { ...b.user, createUserIfNotExist: b.createUserIfNotExist });
        return written(c, changed.revision);
      },
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/users/{userId}',
        tag,
        summary: 'Get a user with its role relations',
        request: {
          params: pathParams(userIdParam),
          query: z.object({ searchRoleOptionCode: searchRoleOptionSchema.optional(), roleIds: listParam, scopeIds: listParam }),
        },
        response: { name: 'GetUser.Response', fields: { user: UserBundleProtocol } },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const user = await getUser(c.var.deps, c.var.tenant.appKey, c.req.valid('param').userId, {
          roleIds: q.roleIds,
          scopeIds: q.scopeIds,
          option: q.searchRoleOptionCode,
        });
        return ok(c, { user: userWire(user) });
      },
    )
    .openapi(
      roleRoute({
        method: 'put',
        path: '/users/{userId}',
        tag,
        summary: 'Update a user (U3)',
        request: { params: pathParams(userIdParam), body: putBody(UserRoleRelationInput, 'PutUserRequest') },
      }),
      async (c) => {
        const b = c.req.valid('json') as { user: { description?: string | null; roleRelations?: never[] | null }; createUserIfNotExist?: boolean | null };
        const changed = await updateUser(c.var.deps, c.var.tenant.appKey, c.req.valid('param').userId, { ...b.user, createUserIfNotExist: b.createUserIfNotExist });
        return written(c, changed.revision);
      },
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/users/{userId}',
        tag,
        summary: 'Delete a user',
        request: { params: pathParams(userIdParam) },
      }),
      async (c) => written(c, (await deleteUser(c.var.deps, c.var.tenant.appKey, c.req.valid('param').userId)).revision),
    );
}
