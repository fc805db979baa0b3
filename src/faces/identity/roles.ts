import { createRoute, z } from '@hono/zod-openapi';
import { assignNamedRole, createNamedRole, deleteNamedRole, getNamedRole, listAssignedNamedRoles, listNamedRoles, updateNamedRole } from '../../domain/roles/named-roles';
import { unassignRole } from '../../domain/users/role-assignments';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';
import { me } from './me';
import { listAnswer, many, pageQuery, pageRequestOf, pageSchema, sortQuery } from './paging';
import { Role, roleWire } from './role-wire';
import { textFilter, textMatches } from './text-match';

const security: Record<string, string[]>[] = [{ SecretKey: [] }, { BearerToken: [] }];
const common = { tags: ['Identity API: roles and scopes'], security };
const roleParam = z.object({ role_uuid: z.string().openapi({ param: { name: 'role_uuid', in: 'path' } }) });
const userParam = z.object({ user_uuid: z.string().openapi({ param: { name: 'user_uuid', in: 'path' } }) });
const CreateRole = z.object({ name: z.string(), description: z.string().nullish(), scope_uuids: z.array(z.string()).default([]) }).openapi('CreateRole');
const UpdateRole = z.object({ name: z.string().optional(), description: z.string().nullish(), scope_uuids: z.array(z.string()).optional() }).openapi('UpdateRole');
const SORT_KEYS = ['name', 'created_at', 'updated_at'] as const;
const SORT_FIELDS = { name: 'name', created_at: 'createdAt', updated_at: 'updatedAt' } as const;
const listQuery = z.object({ sort: sortQuery(SORT_KEYS, 'name+') }).merge(pageQuery);

/** intdash "List Roles" / "Get Role", ours: create, update, delete; and the user's roles (scope ALL). */
export function roleRoutes() {
  return identityApp()
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/roles',
        summary: 'List Roles (name: partial match, exact when double-quoted)',
        request: { query: z.object({ uuid: many, name: textFilter }).merge(listQuery) },
        responses: { 200: json(pageSchema(Role), 'A page of roles') },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const request = pageRequestOf(q, SORT_FIELDS);
        const page = await listNamedRoles(c.var.deps, c.var.tenant.appKey, { roleIds: q.uuid, names: textMatches(q.name) }, request);
        return c.json(listAnswer(c, request, page, page.items.map(roleWire)), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/roles/{role_uuid}', summary: 'Get Role', request: { params: roleParam }, responses: { 200: json(Role, 'The role') } }),
      async (c) => c.json(roleWire(await getNamedRole(c.var.deps, c.var.tenant.appKey, c.req.valid('param').role_uuid)), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/roles',
        summary: 'Create a role holding scopes (name unique in the tenant)',
        request: { body: { required: true, content: { 'application/json': { schema: CreateRole } } } },
        responses: { 201: json(Role, 'Created') },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const { result } = await createNamedRole(c.var.deps, c.var.tenant.appKey, { name: b.name, description: b.description, permissionIds: b.scope_uuids });
        return c.json(roleWire(result), 201);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'patch',
        path: '/roles/{role_uuid}',
        summary: 'Update a role (given fields replace; scope_uuids replaces its scopes)',
        request: { params: roleParam, body: { required: true, content: { 'application/json': { schema: UpdateRole } } } },
        responses: { 200: json(Role, 'Updated') },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const { result } = await updateNamedRole(c.var.deps, c.var.tenant.appKey, c.req.valid('param').role_uuid, { name: b.name, description: b.description, permissionIds: b.scope_uuids });
        return c.json(roleWire(result), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/roles/{role_uuid}', summary: 'Delete a role (everywhere, users included)', request: { params: roleParam }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        await deleteNamedRole(c.var.deps, c.var.tenant.appKey, c.req.valid('param').role_uuid);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/users/{user_uuid}/roles', summary: "List User's Roles", request: { params: userParam, query: listQuery }, responses: { 200: json(pageSchema(Role), "The user's roles") } }),
      async (c) => {
        const request = pageRequestOf(c.req.valid('query'), SORT_FIELDS);
        const page = await listAssignedNamedRoles(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid, request);
        return c.json(listAnswer(c, request, page, page.items.map(roleWire)), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/users/{user_uuid}/roles',
        summary: 'Assign Role (in scope ALL)',
        request: { params: userParam, body: { required: true, content: { 'application/json': { schema: z.object({ role_uuid: z.string() }) } } } },
        responses: { 200: json(Role, 'The assigned role') },
      }),
      async (c) => {
        const { result } = await assignNamedRole(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid, c.req.valid('json').role_uuid);
        return c.json(roleWire(result), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/users/{user_uuid}/roles/{role_uuid}', summary: 'Unassign Role', request: { params: userParam.merge(roleParam) }, responses: { 204: { description: 'Unassigned' } } }),
      async (c) => {
        const p = c.req.valid('param');
        await unassignRole(c.var.deps, c.var.tenant.appKey, p.user_uuid, p.role_uuid);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/me/roles', summary: 'List My Roles', request: { query: listQuery }, responses: { 200: json(pageSchema(Role), 'My roles') } }),
      async (c) => {
        const request = pageRequestOf(c.req.valid('query'), SORT_FIELDS);
        const page = await listAssignedNamedRoles(c.var.deps, c.var.tenant.appKey, me(c), request);
        return c.json(listAnswer(c, request, page, page.items.map(roleWire)), 200);
      },
    );
}
