import { z } from '@hono/zod-openapi';
import type { ResourceSortField } from '../../domain/resources/resource';
import {
  attributesForResource,
  createResource,
  deleteResource,
  deleteResources,
  getResource,
  listResources,
  searchResources,
  updateResource,
} from '../../domain/resources/resources';
import { roleApp } from './app';
import { attributeSort } from './attribute-wire';
import { ok, written } from './envelope';
import { pageRequest, pagingQuery } from './paging';
import { resourceIdParam, ResourceProtocol, resourceWire } from './resource-wire';
import { jsonRequest, pathParams, roleRoute } from './route';
import { AttributeProtocol, attributeWire, searchRoleOptionSchema } from './wire';

const tag = 'Resources';
const fields = {
  description: z.string().nullish(),
  metadata: z.string().nullish(),
  name: z.string().nullish(),
  path: z.string(),
  priority: z.number().int(),
  uiPath: z.string(),
};
const sortFields: Record<string, ResourceSortField> = {
  'id.resourceId': 'resourceId',
  resourceId: 'resourceId',
  path: 'path',
  uiPath: 'uiPath',
  name: 'name',
  description: 'description',
  priority: 'priority',
  regYmdt: 'createdAt',
};
const idSort = pagingQuery(sortFields, [{ field: 'resourceId', direction: 'ASC' }]);
const searchSort = pagingQuery(sortFields, [{ field: 'uiPath', direction: 'ASC' }]);
const list = z.array(z.string()).nullish();

const SearchRequest = z
  .object({
    operationIds: list,
    resourceIdPreLike: z.string().nullish(),
    resourceIds: list,
    resourcePath: z.string().nullish(),
    resourcePathLike: z.string().nullish(),
    resourcePaths: list,
    resourceUiPath: z.string().nullish(),
    resourceUiPaths: list,
    roleIds: list,
    scopeIds: list,
    searchRoleOptionCode: searchRoleOptionSchema.nullish(),
    userIds: list,
  })
  .openapi('PostSearchResources.Request');

const access = (b: { userIds?: string[] | null; roleIds?: string[] | null; operationIds?: string[] | null; scopeIds?: string[] | null; searchRoleOptionCode?: 'DIRECT_ROLE' | 'INDIRECT_ROLE' | null }) => ({
  userIds: b.userIds ?? undefined,
  roleIds: b.roleIds ?? undefined,
  operationIds: b.operationIds ?? undefined,
  scopeIds: b.scopeIds ?? undefined,
  option: b.searchRoleOptionCode ?? undefined,
});

/** Reference section リソース. */
export function resourceRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: '/resources',
        tag,
        summary: 'Create a resource',
        request: { params: pathParams({}), body: jsonRequest(z.object({ resourceId: z.string().nullish(), ...fields }).openapi('CreateResource.Request')) },
      }),
      async (c) => written(c, (await createResource(c.var.deps, c.var.tenant.appKey, c.req.valid('json'))).revision),
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/resources',
        tag,
        summary: 'Delete resources (all or nothing)',
        request: { params: pathParams({}), body: jsonRequest(z.object({ resourceIds: z.array(z.string()) })) },
      }),
      async (c) => written(c, (await deleteResources(c.var.deps, c.var.tenant.appKey, c.req.valid('json').resourceIds)).revision),
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/resources',
        tag,
        summary: 'List resources (H4 filters), ordered by uiPath',
        request: { params: pathParams({}), query: z.object({ userId: z.string().optional(), roleId: z.string().optional(), operationId: z.string().optional(), scopeId: z.string().optional() }) },
        response: { name: 'GetResources.Response', fields: { resources: z.array(ResourceProtocol) } },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const found = await listResources(c.var.deps, c.var.tenant.appKey, {
          userIds: q.userId ? [q.userId] : undefined,
          roleIds: q.roleId ? [q.roleId] : undefined,
          operationIds: q.operationId ? [q.operationId] : undefined,
          scopeIds: q.scopeId ? [q.scopeId] : undefined,
        });
        return ok(c, { resources: found.map(resourceWire) });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/resources/id',
        tag,
        summary: 'List resource ids',
        request: {
          params: pathParams({}),
          query: z.object(idSort),
          body: jsonRequest(z.object({ operationIds: list, resourceIdPreLike: z.string().nullish(), roleIds: list, userIds: list }).openapi('GetAllResourceIds.Request')),
        },
        response: { name: 'GetAllResourceIds.Response', fields: { totalItems: z.number().int(), resourceIds: z.array(z.string()) } },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const page = await searchResources(c.var.deps, c.var.tenant.appKey, { resourceIdPreLike: b.resourceIdPreLike ?? undefined }, access(b), pageRequest(c.req.valid('query')));
        return ok(c, { totalItems: page.totalItems, resourceIds: page.items.map((r) => r.resourceId) });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/resources/search',
        tag,
        summary: 'Search resources',
        request: { params: pathParams({}), query: z.object(searchSort), body: jsonRequest(SearchRequest) },
        response: { name: 'PostSearchResources.Response', fields: { totalItems: z.number().int(), resources: z.array(ResourceProtocol) } },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const page = await searchResources(
          c.var.deps,
          c.var.tenant.appKey,
          {
            resourceIds: b.resourceIds ?? undefined,
            resourceIdPreLike: b.resourceIdPreLike ?? undefined,
            path: b.resourcePath ?? undefined,
            pathPrefix: b.resourcePathLike ?? undefined,
            paths: b.resourcePaths ?? undefined,
            uiPath: b.resourceUiPath ?? undefined,
            uiPaths: b.resourceUiPaths ?? undefined,
          },
          access(b),
          pageRequest(c.req.valid('query')),
        );
        return ok(c, { totalItems: page.totalItems, resources: page.items.map(resourceWire) });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/resources/attributes/search',
        tag,
        summary: 'Attributes usable on a resource for an operation (A4)',
        request: {
          params: pathParams({}),
          query: z.object(attributeSort),
          body: jsonRequest(z.object({ operationId: z.string(), resourceId: z.string().nullish(), resourcePath: z.string().nullish() }).openapi('SearchResourceAttributes.Request')),
        },
        response: { name: 'SearchResourceAttributes.Response', fields: { totalItems: z.number().int(), attributes: z.array(AttributeProtocol) } },
      }),
      async (c) => {
        const page = await attributesForResource(c.var.deps, c.var.tenant, c.req.valid('json'), pageRequest(c.req.valid('query')));
        return ok(c, { totalItems: page.totalItems, attributes: page.items.map(attributeWire) });
      },
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/resources/{resourceId}',
        tag,
        summary: 'Get a resource',
        request: { params: pathParams(resourceIdParam) },
        response: { name: 'GetResource.Response', fields: { resource: ResourceProtocol } },
      }),
      async (c) => ok(c, { resource: resourceWire(await getResource(c.var.deps, c.var.tenant.appKey, c.req.valid('param').resourceId)) }),
    )
    .openapi(
      roleRoute({
        method: 'put',
        path: '/resources/{resourceId}',
        tag,
        summary: 'Update a resource (a new uiPath moves its subtree)',
        request: { params: pathParams(resourceIdParam), body: jsonRequest(z.object({ newResourceId: z.string().nullish(), ...fields }).openapi('UpdateResource.Request')) },
      }),
      async (c) => written(c, (await updateResource(c.var.deps, c.var.tenant.appKey, c.req.valid('param').resourceId, c.req.valid('json'))).revision),
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/resources/{resourceId}',
        tag,
        summary: 'Delete a resource',
        request: { params: pathParams(resourceIdParam) },
      }),
      async (c) => written(c, (await deleteResource(c.var.deps, c.var.tenant.appKey, c.req.valid('param').resourceId)).revision),
    );
}
