import { z } from '@hono/zod-openapi';
import {
  createScope,
  deleteScope,
  deleteScopes,
  getScope,
  searchScopes,
  updateScope,
} from '../../domain/scopes/scopes';
import type { ScopeSortField } from '../../domain/scopes/scope';
import { roleApp } from './app';
import { ok, written } from './envelope';
import { pageRequest, pagingQuery } from './paging';
import { jsonRequest, pathParams, roleRoute } from './route';

const tag = 'Scopes';
const scopeIdParam = { scopeId: z.string().openapi({ param: { name: 'scopeId', in: 'path' }, example: 'ORG_1' }) };

const ScopeProtocol = z.object({ scopeId: z.string(), description: z.string().nullable() }).openapi('ScopeProtocol');
const toWire = (s: { scopeId: string; description: string | null }) => ({ scopeId: s.scopeId, description: s.description });

const scopeSort = pagingQuery<ScopeSortField>(
  { 'id.scopeId': 'scopeId', scopeId: 'scopeId', description: 'description', regYmdt: 'createdAt' },
  [{ field: 'scopeId', direction: 'ASC' }],
);

export function scopeRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: '/scopes',
        tag,
        summary: 'Create a scope',
        request: {
          params: pathParams({}),
          body: jsonRequest(z.object({ scopeId: z.string(), description: z.string().nullish() }).openapi('CreateScope.Request')),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const { revision } = await createScope(c.var.deps, c.var.tenant.appKey, body);
        return written(c, revision);
      },
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/scopes',
        tag,
        summary: 'Delete scopes (all or nothing)',
        request: { params: pathParams({}), body: jsonRequest(z.object({ scopeIds: z.array(z.string()) })) },
      }),
      async (c) => {
        const { revision } = await deleteScopes(c.var.deps, c.var.tenant.appKey, c.req.valid('json').scopeIds);
        return written(c, revision);
      },
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/scopes/id',
        tag,
        summary: 'List scope ids',
        request: { params: pathParams({}), query: z.object({ scopeIdPreLike: z.string().optional(), ...scopeSort }) },
        response: { name: 'GetAllScopeIds.Response', fields: { totalItems: z.number().int(), scopeIds: z.array(z.string()) } },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const page = await searchScopes(c.var.deps, c.var.tenant.appKey, { scopeIdPreLike: q.scopeIdPreLike }, pageRequest(q));
        return ok(c, { totalItems: page.totalItems, scopeIds: page.items.map((s) => s.scopeId) });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/scopes/search',
        tag,
        summary: 'Search scopes',
        request: {
          params: pathParams({}),
          query: z.object(scopeSort),
          body: jsonRequest(
            z
              .object({
                descriptionLike: z.string().nullish(),
                scopeIdPreLike: z.string().nullish(),
                scopeIds: z.array(z.string()).nullish(),
              })
              .openapi('PostSearchScopes.Request'),
          ),
        },
        response: { name: 'PostSearchScopes.Response', fields: { totalItems: z.number().int(), scopes: z.array(ScopeProtocol) } },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const page = await searchScopes(
          c.var.deps,
          c.var.tenant.appKey,
          {
            descriptionLike: body.descriptionLike ?? undefined,
            scopeIdPreLike: body.scopeIdPreLike ?? undefined,
            scopeIds: body.scopeIds ?? undefined,
          },
          pageRequest(c.req.valid('query')),
        );
        return ok(c, { totalItems: page.totalItems, scopes: page.items.map(toWire) });
      },
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/scopes/{scopeId}',
        tag,
        summary: 'Get a scope',
        request: { params: pathParams(scopeIdParam) },
        response: { name: 'GetScope.Response', fields: { scope: ScopeProtocol } },
      }),
      async (c) => ok(c, { scope: toWire(await getScope(c.var.deps, c.var.tenant.appKey, c.req.valid('param').scopeId)) }),
    )
    .openapi(
      roleRoute({
        method: 'put',
        path: '/scopes/{scopeId}',
        tag,
        summary: 'Update a scope',
        request: {
          params: pathParams(scopeIdParam),
          body: jsonRequest(z.object({ description: z.string().nullish() }).openapi('UpdateScope.Request')),
        },
      }),
      async (c) => {
        const { description } = c.req.valid('json');
        const { revision } = await updateScope(c.var.deps, c.var.tenant.appKey, c.req.valid('param').scopeId, { description: description ?? undefined });
        return written(c, revision);
      },
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/scopes/{scopeId}',
        tag,
        summary: 'Delete a scope',
        request: { params: pathParams(scopeIdParam) },
      }),
      async (c) => {
        const { revision } = await deleteScope(c.var.deps, c.var.tenant.appKey, c.req.valid('param').scopeId);
        return written(c, revision);
      },
    );
}
