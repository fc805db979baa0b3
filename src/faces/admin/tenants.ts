import { createRoute, z } from '@hono/zod-openapi';
import type { Tenant } from '../../domain/tenants/tenant';
import {
  createTenant,
  deleteTenant,
  getTenant,
  listTenants,
  rotateTenantSecret,
  updateTenant,
} from '../../domain/tenants/tenants';
import { rotateSigningKeys } from '../../domain/keys/rotation';
import { adminApp, adminErrors as errors, jsonContent as json } from './app';
import { logtoPageRequest, logtoPagingQuery } from '../shared/query';
import { pageBody } from './paging';

const TenantSchema = z
  .object({
    appKey: z.string(),
    name: z.string(),
    organizationId: z.string().nullable(),
    signingAlg: z.enum(['ES256', 'RS256']),
    lockoutThreshold: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Tenant');
const CreatedTenantSchema = TenantSchema.extend({ secretKey: z.string().openapi({ description: 'Shown once; store it now.' }) }).openapi(
  'CreatedTenant',
);
const name = z.string().trim().min(1).max(128);
const appKeyParam = z.object({ appKey: z.string().openapi({ param: { name: 'appKey', in: 'path' } }) });

const toWire = (t: Tenant) => ({
  appKey: t.appKey,
  name: t.name,
  organizationId: t.organizationId,
  signingAlg: t.tokens.signingAlg,
  lockoutThreshold: t.tokens.lockoutThreshold,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

const common = { tags: ['Operator: tenants'], security: [{ AdminToken: [] }] };

export function tenantRoutes() {
  return adminApp()
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/tenants',
        summary: 'Create a tenant (its secret key is returned once)',
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.object({ name, appKey: z.string().optional(), organizationId: z.string().nullish() }).openapi('CreateTenant'),
              },
            },
          },
        },
        responses: { 201: json(CreatedTenantSchema, 'Created'), ...errors },
      }),
      async (c) => {
        const created = await createTenant(c.var.deps, c.req.valid('json'));
        return c.json({ ...toWire(created), secretKey: created.secretKey }, 201);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/tenants',
        summary: 'List tenants',
        request: { query: z.object({ organizationId: z.string().optional(), ...logtoPagingQuery }) },
        responses: { 200: json(z.object({ items: z.array(TenantSchema), totalItems: z.number().int() }), 'A page of tenants'), ...errors },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const page = await listTenants(c.var.deps, { organizationId: q.organizationId }, logtoPageRequest(q, [{ field: 'createdAt', direction: 'ASC' }]));
        return c.json(pageBody(c, q, page, toWire), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/tenants/{appKey}',
        summary: 'Get a tenant',
        request: { params: appKeyParam },
        responses: { 200: json(TenantSchema, 'The tenant'), ...errors },
      }),
      async (c) => c.json(toWire(await getTenant(c.var.deps, c.req.valid('param').appKey)), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'patch',
        path: '/tenants/{appKey}',
        summary: 'Rename a tenant, move it to another organization, or change its token settings',
        request: {
          params: appKeyParam,
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.object({
                  name: name.optional(),
                  organizationId: z.string().nullish(),
                  signingAlg: z.enum(['ES256', 'RS256']).optional().openapi({ description: 'Algorithm of keys created from the next rotation on' }),
                  lockoutThreshold: z.number().int().optional(),
                }),
              },
            },
          },
        },
        responses: { 200: json(TenantSchema, 'The updated tenant'), ...errors },
      }),
      async (c) => c.json(toWire(await updateTenant(c.var.deps, c.req.valid('param').appKey, c.req.valid('json'))), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'delete',
        path: '/tenants/{appKey}',
        summary: 'Delete a tenant and everything it owns',
        request: { params: appKeyParam },
        responses: { 204: { description: 'Deleted' }, ...errors },
      }),
      async (c) => {
        await deleteTenant(c.var.deps, c.req.valid('param').appKey);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/tenants/{appKey}/secret-key/rotate',
        summary: 'Replace the tenant secret key (the old one stops working at once)',
        request: { params: appKeyParam },
        responses: { 200: json(z.object({ appKey: z.string(), secretKey: z.string() }), 'The new secret key, shown once'), ...errors },
      }),
      async (c) => c.json(await rotateTenantSecret(c.var.deps, c.req.valid('param').appKey), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/tenants/{appKey}/signing-keys/rotate',
        summary: 'Publish a new signing key now; it starts signing once cached JWKS copies have expired',
        request: { params: appKeyParam },
        responses: { 202: json(z.object({ kid: z.string(), activatesAt: z.string() }), 'The new key, published and pending'), ...errors },
      }),
      async (c) => c.json(await rotateSigningKeys(c.var.deps, c.req.valid('param').appKey), 202),
    );
}
