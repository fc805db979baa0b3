import { z, type z as Z } from '@hono/zod-openapi';
import type { ResourceNode } from '../../domain/resources/hierarchy';
import { resourceHierarchy, subResources } from '../../domain/resources/hierarchy';
import { roleApp } from './app';
import { ok } from './envelope';
import { resourceIdParam, ResourceProtocol, resourceWire } from './resource-wire';
import { jsonRequest, pathParams, roleRoute } from './route';

const tag = 'Resource hierarchy';
const nonNegative = (field: string, min: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${field} must be a non-negative integer`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(2_147_483_647));

type NodeWire = ReturnType<typeof resourceWire> & { resources: NodeWire[] };
const nodeWire = (n: ResourceNode): NodeWire => ({ ...resourceWire(n), resources: n.children.map(nodeWire) });
const HierarchyProtocol: Z.ZodType<NodeWire> = ResourceProtocol.extend({
  resources: z.array(z.lazy(() => HierarchyProtocol)),
}).openapi('SearchResourceHierarchy.ResourceHierarchyProtocol', { type: 'object' }) as unknown as Z.ZodType<NodeWire>;

/** Reference section リソース階層構造 (H2, H3). */
export function resourceHierarchyRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: '/resources/hierarchy/search',
        tag,
        summary: 'Resource trees (H3)',
        request: {
          params: pathParams({}),
          body: jsonRequest(
            z
              .object({
                operationIds: z.array(z.string()).nullish(),
                resourceIds: z.array(z.string()).nullish(),
                resourcePath: z.string().nullish(),
                resourceUiPath: z.string().nullish(),
                roleIds: z.array(z.string()).nullish(),
                scopeIds: z.array(z.string()).nullish(),
                userIds: z.array(z.string()).nullish(),
              })
              .openapi('SearchResourceHierarchy.Request'),
          ),
        },
        response: { name: 'SearchResourceHierarchy.Response', fields: { resources: z.array(HierarchyProtocol) } },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const trees = await resourceHierarchy(c.var.deps, c.var.tenant.appKey, {
          resourceIds: b.resourceIds ?? undefined,
          resourcePath: b.resourcePath ?? undefined,
          resourceUiPath: b.resourceUiPath ?? undefined,
          operationIds: b.operationIds ?? undefined,
          roleIds: b.roleIds ?? undefined,
          scopeIds: b.scopeIds ?? undefined,
          userIds: b.userIds ?? undefined,
        });
        return ok(c, { resources: trees.map(nodeWire) });
      },
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/resources/{resourceId}/sub-resources',
        tag,
        summary: 'Descendants by UI path (H2)',
        request: {
          params: pathParams(resourceIdParam),
          query: z.object({
            userId: z.string().optional(),
            roleId: z.string().optional(),
            operationId: z.string().optional(),
            scopeId: z.string().optional(),
            depth: nonNegative('depth', 1).optional(),
            limit: nonNegative('limit', 0).optional(),
            offset: nonNegative('offset', 0).optional(),
          }),
        },
        response: { name: 'GetSubResources.Response', fields: { totalItemCount: z.number().int(), resources: z.array(ResourceProtocol) } },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const found = await subResources(c.var.deps, c.var.tenant.appKey, c.req.valid('param').resourceId, {
          userIds: q.userId ? [q.userId] : undefined,
          roleIds: q.roleId ? [q.roleId] : undefined,
          operationIds: q.operationId ? [q.operationId] : undefined,
          scopeIds: q.scopeId ? [q.scopeId] : undefined,
          depth: q.depth,
          offset: q.offset ?? 0,
          limit: q.limit ?? 2_147_483_647,
        });
        return ok(c, { totalItemCount: found.totalItemCount, resources: found.resources.map(resourceWire) });
      },
    );
}
