import { z } from '@hono/zod-openapi';
import type { RoleFilter, RoleSortField } from '../../domain/roles/role';
import {
  createRole,
  deleteRole,
  deleteRoles,
  getRole,
  isDeniable,
  listRoleIds,
  searchRoles,
  updateRole,
  type RoleView,
} from '../../domain/roles/roles';
import { parseTagExpr } from '../../domain/roles/tag-expr';
import { roleApp } from './app';
import { ok, written } from './envelope';
import { pageRequest, pagingQuery } from './paging';
import { jsonRequest, pathParams, roleRoute } from './route';
import { AttributeProtocol, attributeWire, ConditionBundleProtocol, conditionsSchema, conditionWire, policySchema, RoleTagProtocol, wireTime } from './wire';

const tag = 'Roles';
const roleIdParam = { roleId: z.string().openapi({ param: { name: 'roleId', in: 'path' } }) };

const RoleRelationInput = z
  .object({ relatedRoleId: z.string(), roleApplyPolicyCode: policySchema.nullish(), conditions: conditionsSchema })
  .openapi('RoleRelationProtocol');
const RoleTagInput = z.object({ roleTagId: z.string() });
const metadata = {
  description: z.string().nullish(),
  exposureOrder: z.number().int(),
  roleGroup: z.string().nullish(),
  roleName: z.string().nullish(),
};

const RoleRelationBundle = z
  .object({
    roleId: z.string(),
    roleName: z.string().nullable(),
    roleGroup: z.string().nullable(),
    description: z.string().nullable(),
    roleApplyPolicyCode: policySchema,
    conditions: z.array(ConditionBundleProtocol),
    regDateTime: z.string(),
  })
  .openapi('RoleBundleProtocol.RoleRelationProtocol');

export const RoleBundleProtocol = z
  .object({
    appKey: z.string(),
    roleId: z.string(),
    roleName: z.string().nullable(),
    roleGroup: z.string().nullable(),
    description: z.string().nullable(),
    exposureOrder: z.number().int(),
    regDateTime: z.string(),
    roleRelations: z.array(RoleRelationBundle),
    roleTags: z.array(RoleTagProtocol),
    attributes: z.array(AttributeProtocol),
  })
  .openapi('RoleBundleProtocol');

function roleWire(appKey: string, r: RoleView) {
  return {
    appKey,
    roleId: r.roleId,
    roleName: r.roleName,
    roleGroup: r.roleGroup,
    description: r.description,
    exposureOrder: r.exposureOrder,
    regDateTime: wireTime(r.createdAt),
    roleRelations: r.relations.map((v) => ({
      roleId: v.related.roleId,
      roleName: v.related.roleName,
      roleGroup: v.related.roleGroup,
      description: v.related.description,
      roleApplyPolicyCode: v.relation.policy,
      conditions: v.conditions.map(conditionWire),
      regDateTime: wireTime(v.relation.createdAt),
    })),
    roleTags: r.tags.map((t) => ({ roleTagId: t.roleTagId })),
    attributes: r.attributes.map(attributeWire),
  };
}

const sortFields: Record<string, RoleSortField> = {
  'id.roleId': 'roleId',
  roleId: 'roleId',
  roleName: 'roleName',
  roleGroup: 'roleGroup',
  description: 'description',
  exposureOrder: 'exposureOrder',
  regDateTime: 'createdAt',
  regYmdt: 'createdAt',
};
const idsSort = pagingQuery(sortFields, [{ field: 'roleId', direction: 'ASC' }]);
const searchSort = pagingQuery(sortFields, [
  { field: 'exposureOrder', direction: 'ASC' },
  { field: 'roleId', direction: 'ASC' },
]);

const SearchRequest = z
  .object({
    attributeIds: z.array(z.string()).nullish(),
    attributeTagIds: z.array(z.string()).nullish(),
    descriptionLike: z.string().nullish(),
    needAttributes: z.boolean().nullish(),
    needRoleRelations: z.boolean().nullish(),
    needRoleTags: z.boolean().nullish(),
    relatedRoleIds: z.array(z.string()).nullish(),
    roleGroup: z.string().nullish(),
    roleGroupLike: z.string().nullish(),
    roleIdPreLike: z.string().nullish(),
    roleIds: z.array(z.string()).nullish(),
    roleNameLike: z.string().nullish(),
    roleTagIdExpr: z.string().nullish(),
    roleTagIds: z.array(z.string()).nullish(),
  })
  .openapi('GetRoles.Request');

function roleFilter(b: z.infer<typeof SearchRequest>): RoleFilter {
  return {
    attributeIds: b.attributeIds ?? undefined,
    attributeTagIds: b.attributeTagIds ?? undefined,
    descriptionLike: b.descriptionLike ?? undefined,
    relatedRoleIds: b.relatedRoleIds ?? undefined,
    roleGroup: b.roleGroup ?? undefined,
    roleGroupLike: b.roleGroupLike ?? undefined,
    roleIdPreLike: b.roleIdPreLike ?? undefined,
    roleIds: b.roleIds ?? undefined,
    roleNameLike: b.roleNameLike ?? undefined,
    roleTagIds: b.roleTagIds ?? undefined,
    roleTagExpr: b.roleTagIdExpr ? parseTagExpr(b.roleTagIdExpr) : undefined,
  };
}

/** Reference section ロール. */
export function roleRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: '/roles',
        tag,
        summary: 'Create a role with its relations and tags',
        request: {
          params: pathParams({}),
          body: jsonRequest(
            z
              .object({
                role: z.object({ roleId: z.string(), ...metadata }).openapi('RoleProtocol'),
                roleRelations: z.array(RoleRelationInput).nullish(),
                roleTags: z.array(RoleTagInput).nullish(),
              })
              .openapi('CreateRoleRequest'),
          ),
        },
      }),
      async (c) => written(c, (await createRole(c.var.deps, c.var.tenant.appKey, c.req.valid('json'))).revision),
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/roles',
        tag,
        summary: 'Delete roles (all or nothing; cascades)',
        request: { params: pathParams({}), body: jsonRequest(z.object({ roleIds: z.array(z.string()) })) },
      }),
      async (c) => written(c, (await deleteRoles(c.var.deps, c.var.tenant.appKey, c.req.valid('json').roleIds)).revision),
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/roles/id',
        tag,
        summary: 'List role ids',
        request: { params: pathParams({}), query: z.object({ roleIdPreLike: z.string().optional(), ...idsSort }) },
        response: { name: 'GetAllRoleIds.Response', fields: { totalItems: z.number().int(), roleIds: z.array(z.string()) } },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const page = await listRoleIds(c.var.deps, c.var.tenant.appKey, { roleIdPreLike: q.roleIdPreLike }, pageRequest(q));
        return ok(c, { totalItems: page.totalItems, roleIds: page.items.map((r) => r.roleId) });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/roles/search',
        tag,
        summary: 'Search roles',
        request: { params: pathParams({}), query: z.object(searchSort), body: jsonRequest(SearchRequest) },
        response: { name: 'GetRoles.Response', fields: { totalItems: z.number().int(), roles: z.array(RoleBundleProtocol) } },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const page = await searchRoles(c.var.deps, c.var.tenant.appKey, roleFilter(b), pageRequest(c.req.valid('query')), {
          relations: b.needRoleRelations ?? false,
          tags: b.needRoleTags ?? false,
          attributes: b.needAttributes ?? false,
        });
        return ok(c, { totalItems: page.totalItems, roles: page.items.map((r) => roleWire(c.var.tenant.appKey, r)) });
      },
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/roles/{roleId}/deniable',
        tag,
        summary: 'Whether the role can be switched off with DENY (D1)',
        request: { params: pathParams(roleIdParam) },
        response: { name: 'GetDeniableResponse', fields: { deniable: z.boolean() } },
      }),
      async (c) => ok(c, { deniable: await isDeniable(c.var.deps, c.var.tenant.appKey, c.req.valid('param').roleId) }),
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/roles/{roleId}',
        tag,
        summary: 'Get a role',
        request: { params: pathParams(roleIdParam) },
        response: { name: 'GetRoleResponse', fields: { role: RoleBundleProtocol } },
      }),
      async (c) => ok(c, { role: roleWire(c.var.tenant.appKey, await getRole(c.var.deps, c.var.tenant.appKey, c.req.valid('param').roleId)) }),
    )
    .openapi(
      roleRoute({
        method: 'put',
        path: '/roles/{roleId}',
        tag,
        summary: 'Update a role (absent parts unchanged, present lists replaced)',
        request: {
          params: pathParams(roleIdParam),
          body: jsonRequest(
            z
              .object({
                role: z.object(metadata).openapi('RoleMetadataProtocol').nullish(),
                roleRelations: z.array(RoleRelationInput).nullish(),
                roleTags: z.array(RoleTagInput).nullish(),
              })
              .openapi('UpdateRoleRequest'),
          ),
        },
      }),
      async (c) => written(c, (await updateRole(c.var.deps, c.var.tenant.appKey, c.req.valid('param').roleId, c.req.valid('json'))).revision),
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/roles/{roleId}',
        tag,
        summary: 'Delete a role (cascades, §12)',
        request: { params: pathParams(roleIdParam) },
      }),
      async (c) => written(c, (await deleteRole(c.var.deps, c.var.tenant.appKey, c.req.valid('param').roleId)).revision),
    );
}
