import { z } from '@hono/zod-openapi';
import { addAuthorization, listAuthorizations, removeAuthorization } from '../../domain/resources/authorizations';
import { roleApp } from './app';
import { ok, written } from './envelope';
import { resourceIdParam } from './resource-wire';
import { jsonRequest, pathParams, roleRoute } from './route';

const tag = 'Resource authorizations';
const params = pathParams(resourceIdParam);

/** Reference section リソース関連ロール (G1–G3). */
export function resourceAuthorizationRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: '/resources/{resourceId}/authorizations',
        tag,
        summary: 'Grant a role an operation on the resource (propagation: also on its ancestors but the root)',
        request: {
          params,
          body: jsonRequest(z.object({ operationId: z.string(), roleId: z.string(), propagation: z.boolean().nullish() }).openapi('AddAuthorization.Request')),
        },
      }),
      async (c) => written(c, (await addAuthorization(c.var.deps, c.var.tenant.appKey, c.req.valid('param').resourceId, c.req.valid('json'))).revision),
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/resources/{resourceId}/authorizations',
        tag,
        summary: "The resource's grants",
        request: { params },
        response: {
          name: 'GetAuthorizations.Response',
          fields: { authorizations: z.array(z.object({ resourceId: z.string(), roleId: z.string(), operationId: z.string() }).openapi('ResourceAuthorizationProtocol')) },
        },
      }),
      async (c) => {
        const grants = await listAuthorizations(c.var.deps, c.var.tenant.appKey, c.req.valid('param').resourceId);
        return ok(c, { authorizations: grants.map((g) => ({ resourceId: g.resourceId, roleId: g.roleId, operationId: g.operationId })) });
      },
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/resources/{resourceId}/authorizations',
        tag,
        summary: 'Remove one grant',
        request: { params, query: z.object({ operationId: z.string(), roleId: z.string() }) },
      }),
      async (c) => written(c, (await removeAuthorization(c.var.deps, c.var.tenant.appKey, c.req.valid('param').resourceId, c.req.valid('query'))).revision),
    );
}
