import { z } from '@hono/zod-openapi';
import { addAttributeRoles, removeAttributeRoles, searchAttributeRoles, type AttributeRoleSortField } from '../../domain/attributes/attribute-roles';
import { attributesUsableByRole } from '../../domain/attributes/attributes';
import { roleApp } from './app';
import { AttributeRoleRelationProtocol, attributeRoleWire, attributeSortFields } from './attribute-wire';
import { ok, written } from './envelope';
import { pageRequest, pagingQuery } from './paging';
import { jsonRequest, pathParams, roleRoute } from './route';
import { AttributeProtocol, attributeWire, searchRoleOptionSchema } from './wire';

const tag = 'Condition attribute roles';
const params = pathParams({ attributeId: z.string().openapi({ param: { name: 'attributeId', in: 'path' } }) });
const ids = z.object({ attributeRoleRelationIds: z.array(z.string()) });
const roleSort = pagingQuery<AttributeRoleSortField>(
  {
    'attribute.id.attributeId': 'attributeId',
    attributeId: 'attributeId',
    roleId: 'roleId',
    'id.roleId': 'roleId',
    roleName: 'roleName',
    roleGroup: 'roleGroup',
    description: 'description',
    exposureOrder: 'exposureOrder',
    regYmdt: 'createdAt',
  },
  [{ field: 'attributeId', direction: 'ASC' }],
);
const usableSort = pagingQuery(attributeSortFields, [
  { field: 'creationType', direction: 'ASC' },
  { field: 'attributeId', direction: 'ASC' },
]);

/** Reference sections 条件属性ロールの関連関係 and the role's usable attributes (A4, A6). */
export function attributeRoleRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: '/attributes/{attributeId}/roles/search',
        tag,
        summary: 'Roles related to the attribute',
        request: {
          params,
          query: z.object(roleSort),
          body: jsonRequest(
            z
              .object({ roleIdPreLike: z.string().nullish(), roleIds: z.array(z.string()).nullish(), searchRoleOptionCode: searchRoleOptionSchema.nullish() })
              .openapi('SearchAttributeRoleRelations.Request'),
          ),
        },
        response: {
          name: 'SearchAttributeRoleRelations.Response',
          fields: { totalItems: z.number().int(), attributeRoleRelations: z.array(AttributeRoleRelationProtocol) },
        },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const page = await searchAttributeRoles(
          c.var.deps,
          c.var.tenant.appKey,
          c.req.valid('param').attributeId,
          { roleIds: b.roleIds ?? undefined, roleIdPreLike: b.roleIdPreLike ?? undefined, option: b.searchRoleOptionCode ?? undefined },
          pageRequest(c.req.valid('query')),
        );
        return ok(c, { totalItems: page.totalItems, attributeRoleRelations: page.items.map(attributeRoleWire) });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/attributes/{attributeId}/roles',
        tag,
        summary: 'Relate roles to the attribute',
        request: { params, body: jsonRequest(ids.openapi('CreateAttributeRoleRelations.Request')) },
      }),
      async (c) =>
        written(c, (await addAttributeRoles(c.var.deps, c.var.tenant.appKey, c.req.valid('param').attributeId, c.req.valid('json').attributeRoleRelationIds)).revision),
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/attributes/{attributeId}/roles',
        tag,
        summary: 'Unrelate roles from the attribute',
        request: { params, body: jsonRequest(ids.openapi('DeleteAttributeRoleRelations.Request')) },
      }),
      async (c) =>
        written(c, (await removeAttributeRoles(c.var.deps, c.var.tenant.appKey, c.req.valid('param').attributeId, c.req.valid('json').attributeRoleRelationIds)).revision),
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/roles/{roleId}/attributes/search',
        tag: 'Roles',
        summary: 'Attributes the role may use in conditions (A4)',
        request: {
          params: pathParams({ roleId: z.string().openapi({ param: { name: 'roleId', in: 'path' } }) }),
          query: z.object(usableSort),
          body: jsonRequest(
            z
              .object({ attributeIds: z.array(z.string()).nullish(), attributeNameLike: z.string().nullish(), attributeTagIds: z.array(z.string()).nullish() })
              .openapi('SearchRoleAttributes.Request'),
          ),
        },
        response: { name: 'SearchRoleAttributes.Response', fields: { totalItems: z.number().int(), attributes: z.array(AttributeProtocol) } },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const page = await attributesUsableByRole(
          c.var.deps,
          c.var.tenant.appKey,
          c.req.valid('param').roleId,
          { attributeIds: b.attributeIds ?? undefined, attributeNameLike: b.attributeNameLike ?? undefined, attributeTagIds: b.attributeTagIds ?? undefined },
          pageRequest(c.req.valid('query')),
        );
        return ok(c, { totalItems: page.totalItems, attributes: page.items.map(attributeWire) });
      },
    );
}
