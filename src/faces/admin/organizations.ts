import { createRoute, z } from '@hono/zod-openapi';
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from '../../domain/tenants/organizations';
import type { Organization } from '../../domain/tenants/tenant';
import { adminApp, adminErrors as errors, jsonContent as json } from './app';
import { logtoPageRequest, logtoPagingQuery } from '../shared/query';
import { pageBody } from './paging';

const OrganizationSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('Organization');
const name = z.string().trim().min(1).max(128);
const idParam = z.object({ organizationId: z.string().openapi({ param: { name: 'organizationId', in: 'path' } }) });
const toWire = (o: Organization) => ({ id: o.id, name: o.name, createdAt: o.createdAt, updatedAt: o.updatedAt });

const common = { tags: ['Operator: organizations'], security: [{ AdminToken: [] }] };

export function organizationRoutes() {
  return adminApp()
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/organizations',
        summary: 'Create an organization',
        request: { body: { required: true, content: { 'application/json': { schema: z.object({ name, id: z.string().optional() }) } } } },
        responses: { 201: json(OrganizationSchema, 'Created'), ...errors },
      }),
      async (c) => c.json(toWire(await createOrganization(c.var.deps, c.req.valid('json'))), 201),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/organizations',
        summary: 'List organizations',
        request: { query: z.object(logtoPagingQuery) },
        responses: { 200: json(z.object({ items: z.array(OrganizationSchema), totalItems: z.number().int() }), 'A page'), ...errors },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const page = await listOrganizations(c.var.deps, logtoPageRequest(q, [{ field: 'createdAt', direction: 'ASC' }]));
        return c.json(pageBody(c, q, page, toWire), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/organizations/{organizationId}',
        summary: 'Get an organization',
        request: { params: idParam },
        responses: { 200: json(OrganizationSchema, 'The organization'), ...errors },
      }),
      async (c) => c.json(toWire(await getOrganization(c.var.deps, c.req.valid('param').organizationId)), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'patch',
        path: '/organizations/{organizationId}',
        summary: 'Rename an organization',
        request: { params: idParam, body: { required: true, content: { 'application/json': { schema: z.object({ name }) } } } },
        responses: { 200: json(OrganizationSchema, 'Updated'), ...errors },
      }),
      async (c) => c.json(toWire(await updateOrganization(c.var.deps, c.req.valid('param').organizationId, c.req.valid('json'))), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'delete',
        path: '/organizations/{organizationId}',
        summary: 'Delete an organization that owns no tenants',
        request: { params: idParam },
        responses: { 204: { description: 'Deleted' }, ...errors },
      }),
      async (c) => {
        await deleteOrganization(c.var.deps, c.req.valid('param').organizationId);
        return c.body(null, 204);
      },
    );
}
