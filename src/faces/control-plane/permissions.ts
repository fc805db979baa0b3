import { createRoute, z } from '@hono/zod-openapi';
import type { Permission } from '../../domain/permissions/permission';
import { createPermission, deletePermission, getPermission, listPermissions, updatePermission } from '../../domain/permissions/permissions';
import { jsonContent as json } from '../shared/openapi';
import { controlPlaneApp, controlPlaneErrors as errors, dryRunDeletion, dryRunDeletionSchema, dryRunQuery, dryRunSchema, listQuery, listSchema, security } from './app';
import { BY_CREATION, offsetListAnswer, offsetRequest } from './paging';

const common = { tags: ['Control plane: permissions'], security };
const idParam = z.object({ 'permission-id': z.string().openapi({ param: { name: 'permission-id', in: 'path' } }) });
const PermissionBody = z.object({ name: z.string().min(1).max(255), description: z.string().max(1024).optional() }).openapi('ControlPlanePermissionRequest');
export const PermissionSchema = z
  .object({ id: z.string(), name: z.string(), description: z.string(), created_at: z.string(), updated_at: z.string() })
  .openapi('ControlPlanePermission');

export const permissionWire = (p: Permission) => ({ id: p.permissionId, name: p.name, description: p.description, created_at: p.createdAt, updated_at: p.updatedAt });

/** idp-server "organization-permission": a permission of the tenant (the same one the Identity API calls a scope). */
export function permissionRoutes() {
  return controlPlaneApp()
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/permissions',
        summary: 'Create permission within organization tenant',
        request: { query: dryRunQuery, body: { required: true, content: { 'application/json': { schema: PermissionBody } } } },
        responses: { 201: json(dryRunSchema(PermissionSchema), 'Created, or on a dry run (dry_run: true) what would be created: 201 either way, as idp-server answers'), ...errors },
      }),
      async (c) => {
        const { dry_run } = c.req.valid('query');
        const b = c.req.valid('json');
        const { result } = await createPermission(c.var.deps, c.var.tenant.appKey, { name: b.name, description: b.description }, { dryRun: dry_run });
        return c.json({ dry_run, result: permissionWire(result) }, 201);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/permissions', summary: 'List permissions within organization tenant', request: { query: listQuery }, responses: { 200: json(listSchema(PermissionSchema), 'A page'), ...errors } }),
      async (c) => {
        const q = c.req.valid('query');
        const page = await listPermissions(c.var.deps, c.var.tenant.appKey, {}, offsetRequest(q, BY_CREATION));
        return c.json(offsetListAnswer(c, q, page, permissionWire), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/permissions/{permission-id}', summary: 'Get permission within organization tenant', request: { params: idParam }, responses: { 200: json(PermissionSchema, 'The permission'), ...errors } }),
      async (c) => c.json(permissionWire(await getPermission(c.var.deps, c.var.tenant.appKey, c.req.valid('param')['permission-id'])), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'put',
        path: '/permissions/{permission-id}',
        summary: 'Update permission within organization tenant (its endpoint rules stay)',
        request: { params: idParam, query: dryRunQuery, body: { required: true, content: { 'application/json': { schema: PermissionBody } } } },
        responses: { 200: json(dryRunSchema(PermissionSchema), 'Updated (or, on a dry run, what it would become)'), ...errors },
      }),
      async (c) => {
        const { dry_run } = c.req.valid('query');
        const b = c.req.valid('json');
        const { result } = await updatePermission(c.var.deps, c.var.tenant.appKey, c.req.valid('param')['permission-id'], { name: b.name, description: b.description ?? null }, { dryRun: dry_run });
        return c.json({ dry_run, result: permissionWire(result) }, 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'delete',
        path: '/permissions/{permission-id}',
        summary: 'Delete permission within organization tenant (roles holding it lose it)',
        request: { params: idParam, query: dryRunQuery },
        responses: { 204: { description: 'Deleted' }, 200: json(dryRunDeletionSchema(PermissionSchema), 'Dry run: what would be deleted'), ...errors },
      }),
      async (c) => {
        const { dry_run } = c.req.valid('query');
        const { result } = await deletePermission(c.var.deps, c.var.tenant.appKey, c.req.valid('param')['permission-id'], { dryRun: dry_run });
        return dry_run ? c.json(dryRunDeletion(permissionWire(result)), 200) : c.body(null, 204);
      },
    );
}
