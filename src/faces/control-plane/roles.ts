import { createRoute, z } from '@hono/zod-openapi';
import { createNamedRole, deleteNamedRole, getNamedRole, listNamedRoles, updateNamedRole, type NamedRole } from '../../domain/roles/named-roles';
import { jsonContent as json } from '../shared/openapi';
import { controlPlaneApp, controlPlaneErrors as errors, dryRunDeletion, dryRunDeletionSchema, dryRunQuery, dryRunSchema, listQuery, listSchema, security } from './app';
import { BY_CREATION, offsetListAnswer, offsetRequest } from './paging';

const common = { tags: ['Control plane: roles'], security };
const idParam = z.object({ 'role-id': z.string().openapi({ param: { name: 'role-id', in: 'path' } }) });
const RoleBody = z
  .object({ name: z.string().min(1).max(255), description: z.string().max(255).optional(), permissions: z.array(z.string()).max(1000) })
  .openapi('ControlPlaneRoleRequest');
const RoleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    permissions: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('ControlPlaneRole');

const roleWire = (r: NamedRole) => ({
  id: r.roleId,
  name: r.name,
  description: r.description ?? '',
  permissions: r.permissions.map((p) => ({ id: p.permissionId, name: p.name, description: p.description })),
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});

/** idp-server "organization-role": a role of the tenant (the Role API's and the Identity API's role). */
export function roleRoutes() {
  return controlPlaneApp()
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/roles',
        summary: 'Create role within organization tenant',
        request: { query: dryRunQuery, body: { required: true, content: { 'application/json': { schema: RoleBody } } } },
        responses: { 201: json(dryRunSchema(RoleSchema), 'Created, or on a dry run (dry_run: true) what would be created: 201 either way, as idp-server answers'), ...errors },
      }),
      async (c) => {
        const { dry_run } = c.req.valid('query');
        const b = c.req.valid('json');
        const { result } = await createNamedRole(c.var.deps, c.var.tenant.appKey, { name: b.name, description: b.description, permissionIds: b.permissions }, { dryRun: dry_run });
        return c.json({ dry_run, result: roleWire(result) }, 201);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/roles', summary: 'List roles within organization tenant', request: { query: listQuery }, responses: { 200: json(listSchema(RoleSchema), 'A page'), ...errors } }),
      async (c) => {
        const q = c.req.valid('query');
        const page = await listNamedRoles(c.var.deps, c.var.tenant.appKey, {}, offsetRequest(q, BY_CREATION));
        return c.json(offsetListAnswer(c, q, page, roleWire), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/roles/{role-id}', summary: 'Get role within organization tenant', request: { params: idParam }, responses: { 200: json(RoleSchema, 'The role'), ...errors } }),
      async (c) => c.json(roleWire(await getNamedRole(c.var.deps, c.var.tenant.appKey, c.req.valid('param')['role-id'])), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'put',
        path: '/roles/{role-id}',
        summary: 'Update role within organization tenant (permissions replace; an absent description is cleared)',
        request: { params: idParam, query: dryRunQuery, body: { required: true, content: { 'application/json': { schema: RoleBody } } } },
        responses: { 200: json(dryRunSchema(RoleSchema), 'Updated (or, on a dry run, what it would become)'), ...errors },
      }),
      async (c) => {
        const { dry_run } = c.req.valid('query');
        const b = c.req.valid('json');
        const { result } = await updateNamedRole(
          c.var.deps,
          c.var.tenant.appKey,
          c.req.valid('param')['role-id'],
          { name: b.name, description: b.description ?? null, permissionIds: b.permissions },
          { dryRun: dry_run },
        );
        return c.json({ dry_run, result: roleWire(result) }, 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'delete',
        path: '/roles/{role-id}',
        summary: 'Delete role within organization tenant (everywhere, user assignments included)',
        request: { params: idParam, query: dryRunQuery },
        responses: { 204: { description: 'Deleted' }, 200: json(dryRunDeletionSchema(RoleSchema), 'Dry run: what would be deleted'), ...errors },
      }),
      async (c) => {
        const { dry_run } = c.req.valid('query');
        const { result } = await deleteNamedRole(c.var.deps, c.var.tenant.appKey, c.req.valid('param')['role-id'], { dryRun: dry_run });
        return dry_run ? c.json(dryRunDeletion(roleWire(result)), 200) : c.body(null, 204);
      },
    );
}
