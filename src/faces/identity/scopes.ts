import { createRoute, z } from '@hono/zod-openapi';
import { createPermission, deletePermission, getPermission, listPermissions, updatePermission } from '../../domain/permissions/permissions';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';
import { listAnswer, many, pageQuery, pageRequestOf, pageSchema, sortQuery } from './paging';
import { Endpoint, Scope, scopeWire } from './role-wire';
import { textFilter, textMatches } from './text-match';

const security: Record<string, string[]>[] = [{ SecretKey: [] }, { BearerToken: [] }];
const common = { tags: ['Identity API: roles and scopes'], security };
const scopeParam = z.object({ scope_uuid: z.string().openapi({ param: { name: 'scope_uuid', in: 'path' } }) });
/** We have no iSCP: the list is accepted only empty, so nothing a client sends is silently dropped. */
const iscpMessages = z.array(z.unknown()).max(0, 'allowed_iscp_messages must be empty: iSCP is not supported').optional();
const fields = {
  description: z.string().nullish(),
  allowed_endpoints: z.array(Endpoint).optional(),
  denied_endpoints: z.array(Endpoint).optional(),
  allowed_iscp_messages: iscpMessages,
};
const CreateScope = z.object({ name: z.string(), ...fields }).openapi('CreateScope');
const UpdateScope = z.object({ name: z.string().optional(), ...fields }).openapi('UpdateScope');
const SORT_FIELDS = { name: 'name', created_at: 'createdAt', updated_at: 'updatedAt' } as const;

const toInput = (b: z.infer<typeof UpdateScope>) => ({ name: b.name, description: b.description, allowedEndpoints: b.allowed_endpoints, deniedEndpoints: b.denied_endpoints });

/** intdash "List Scopes" / "Get Scope", and ours: create, update, delete (a scope is a permission). */
export function scopeRoutes() {
  return identityApp()
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/scopes',
        summary: 'List Scopes (name: partial match, exact when double-quoted)',
        request: { query: z.object({ uuid: many, name: textFilter, sort: sortQuery(['name', 'created_at', 'updated_at'], 'name+') }).merge(pageQuery) },
        responses: { 200: json(pageSchema(Scope), 'A page of scopes') },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const request = pageRequestOf(q, SORT_FIELDS);
        const page = await listPermissions(c.var.deps, c.var.tenant.appKey, { permissionIds: q.uuid, names: textMatches(q.name) }, request);
        return c.json(listAnswer(c, request, page, page.items.map(scopeWire)), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/scopes/{scope_uuid}', summary: 'Get Scope', request: { params: scopeParam }, responses: { 200: json(Scope, 'The scope') } }),
      async (c) => c.json(scopeWire(await getPermission(c.var.deps, c.var.tenant.appKey, c.req.valid('param').scope_uuid)), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/scopes',
        summary: 'Create a scope (name unique in the tenant)',
        request: { body: { required: true, content: { 'application/json': { schema: CreateScope } } } },
        responses: { 201: json(Scope, 'Created') },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const { result } = await createPermission(c.var.deps, c.var.tenant.appKey, { ...toInput(b), name: b.name });
        return c.json(scopeWire(result), 201);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'patch',
        path: '/scopes/{scope_uuid}',
        summary: 'Update a scope (given fields replace)',
        request: { params: scopeParam, body: { required: true, content: { 'application/json': { schema: UpdateScope } } } },
        responses: { 200: json(Scope, 'Updated') },
      }),
      async (c) => {
        const { result } = await updatePermission(c.var.deps, c.var.tenant.appKey, c.req.valid('param').scope_uuid, toInput(c.req.valid('json')));
        return c.json(scopeWire(result), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/scopes/{scope_uuid}', summary: 'Delete a scope (roles holding it lose it)', request: { params: scopeParam }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        await deletePermission(c.var.deps, c.var.tenant.appKey, c.req.valid('param').scope_uuid);
        return c.body(null, 204);
      },
    );
}
