import { createRoute, z } from '@hono/zod-openapi';
import { listAudit, listOrganizationAudit, type AuditEntry } from '../../domain/audit/audit';
import { adminApp, adminErrors as errors, jsonContent as json } from './app';
import { logtoPagingQuery } from '../shared/query';
import { pageBody } from './paging';

const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    revision: z.number().int().nullable().openapi({ description: 'The tenant revision the write produced; null if it could not be recorded, and for an organization\'s own writes' }),
    face: z.enum(['role-v3', 'identity', 'control-plane', 'apps', 'admin']),
    actor: z.object({
      kind: z.enum(['tenant', 'user', 'client', 'operator']),
      id: z.string().nullable().openapi({ description: 'User, edge or client id; null for the tenant secret key and the operator' }),
      clientId: z.string().nullable().openapi({ description: 'The client whose access token was used, when known' }),
      tenantId: z.string().nullable().openapi({ description: "The tenant that issued the actor's token, when not this one" }),
      operatorUuid: z.string().nullable().openapi({ description: 'X-Operator-Uuid, when sent' }),
    }),
    action: z.string().openapi({ example: 'POST /t/:appKey/v1/users' }),
    target: z.record(z.string(), z.string()).openapi({ description: "The route's path ids", example: { userId: 'u-1' } }),
    requestId: z.string().nullable(),
  })
  .openapi('AuditEntry');

const toWire = (e: AuditEntry) => ({
  id: e.id,
  at: e.at,
  revision: e.revision,
  face: e.face,
  actor: { kind: e.actor.kind, id: e.actor.id, clientId: e.actor.clientId ?? null, tenantId: e.actor.tenantId ?? null, operatorUuid: e.operatorUuid },
  action: e.action,
  target: e.target,
  requestId: e.requestId,
});

const filter = (description: string) => z.string().min(1).max(256).optional().openapi({ description });

const trailQuery = z.object({
  ...logtoPagingQuery,
  actor: filter('An actor kind (tenant, user, client, operator), a user/edge/client id, or an X-Operator-Uuid'),
  face: filter('role-v3, identity, control-plane, apps or admin'),
  action: filter('An exact action (`POST /t/:appKey/v1/users`), or a prefix ending in `*` (`DELETE *`)'),
  since: filter('ISO 8601 instant, inclusive'),
  until: filter('ISO 8601 instant, exclusive'),
});
const trailPage = json(z.object({ items: z.array(AuditEntrySchema), totalItems: z.number().int() }), 'A page of audit entries');

/**
 * `GET /admin/v1/tenants/{appKey}/audit`: the tenant's management writes, newest first;
 * `GET /admin/v1/organizations/{organizationId}/audit`: the organization's own writes (create, rename, delete).
 */
export function auditRoutes() {
  return adminApp()
    .openapi(
      createRoute({
        tags: ['Operator: tenants'],
        security: [{ AdminToken: [] }],
        method: 'get',
        path: '/tenants/{appKey}/audit',
        summary: "The tenant's audit trail (who wrote what, when, at which revision), newest first",
        request: { params: z.object({ appKey: z.string().openapi({ param: { name: 'appKey', in: 'path' } }) }), query: trailQuery },
        responses: { 200: trailPage, ...errors },
      }),
      async (c) => {
        const { page, page_size, ...f } = c.req.valid('query');
        const found = await listAudit(c.var.deps, c.req.valid('param').appKey, f, { page, itemsPerPage: page_size });
        return c.json(pageBody(c, { page, page_size }, found, toWire), 200);
      },
    )
    .openapi(
      createRoute({
        tags: ['Operator: organizations'],
        security: [{ AdminToken: [] }],
        method: 'get',
        path: '/organizations/{organizationId}/audit',
        summary: "The organization's own audit trail (created, renamed, deleted; revision null), newest first",
        request: { params: z.object({ organizationId: z.string().openapi({ param: { name: 'organizationId', in: 'path' } }) }), query: trailQuery },
        responses: { 200: trailPage, ...errors },
      }),
      async (c) => {
        const { page, page_size, ...f } = c.req.valid('query');
        const found = await listOrganizationAudit(c.var.deps, c.req.valid('param').organizationId, f, { page, itemsPerPage: page_size });
        return c.json(pageBody(c, { page, page_size }, found, toWire), 200);
      },
    );
}
