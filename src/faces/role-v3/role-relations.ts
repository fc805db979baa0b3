import { z } from '@hono/zod-openapi';
import { addRoleRelations, removeRoleRelations, replaceRoleRelations } from '../../domain/roles/relations';
import { roleApp } from './app';
import { written } from './envelope';
import { jsonRequest, pathParams, roleRoute } from './route';
import { conditionsSchema, policySchema } from './wire';

const tag = 'Role relations';
const params = pathParams({ roleId: z.string().openapi({ param: { name: 'roleId', in: 'path' } }) });
const relations = z.object({
  roleRelations: z.array(z.object({ relatedRoleId: z.string(), roleApplyPolicyCode: policySchema.nullish(), conditions: conditionsSchema })),
});

/** Reference section ロール関連関係. */
export function roleRelationRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: '/roles/{roleId}/relations',
        tag,
        summary: 'Add role relations (R6)',
        request: { params, body: jsonRequest(relations.openapi('CreateRoleRelationRequest')) },
      }),
      async (c) =>
        written(c, (await addRoleRelations(c.var.deps, c.var.tenant.appKey, c.req.valid('param').roleId, c.req.valid('json').roleRelations)).revision),
    )
    .openapi(
      roleRoute({
        method: 'put',
        path: '/roles/{roleId}/relations',
        tag,
        summary: "Replace the role's relations (R6)",
        request: { params, body: jsonRequest(relations.openapi('UpdateRoleRelationRequest')) },
      }),
      async (c) =>
        written(c, (await replaceRoleRelations(c.var.deps, c.var.tenant.appKey, c.req.valid('param').roleId, c.req.valid('json').roleRelations)).revision),
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/roles/{roleId}/relations',
        tag,
        summary: 'Remove role relations (absent ones are ignored)',
        request: { params, body: jsonRequest(z.object({ relatedRoleIds: z.array(z.string()) }).openapi('DeleteRoleRelationRequest')) },
      }),
      async (c) =>
        written(c, (await removeRoleRelations(c.var.deps, c.var.tenant.appKey, c.req.valid('param').roleId, c.req.valid('json').relatedRoleIds)).revision),
    );
}
