import { createRoute, z } from '@hono/zod-openapi';
import { listOutbox, type OutboxEntry } from '../../domain/mail/outbox';
import { adminApp, adminErrors as errors, jsonContent as json } from './app';
import { logtoPagingQuery } from '../shared/query';
import { pageBody } from './paging';

const OutboxEntrySchema = z
  .object({ id: z.number().int(), to: z.string(), kind: z.string(), subject: z.string(), body: z.string(), createdAt: z.string(), sentAt: z.string().nullable() })
  .openapi('OutboxEntry');
const toWire = (m: OutboxEntry) => ({ id: m.id, to: m.to, kind: m.kind, subject: m.subject, body: m.body, createdAt: m.createdAt, sentAt: m.sentAt });

/** `GET /admin/v1/tenants/{appKey}/outbox`: the mail the tenant sent or recorded, newest first. */
export function outboxRoutes() {
  return adminApp().openapi(
    createRoute({
      tags: ['Operator: tenants'],
      security: [{ AdminToken: [] }],
      method: 'get',
      path: '/tenants/{appKey}/outbox',
      summary: "The tenant's mail outbox, newest first (bodies include verification tokens)",
      request: { params: z.object({ appKey: z.string().openapi({ param: { name: 'appKey', in: 'path' } }) }), query: z.object(logtoPagingQuery) },
      responses: { 200: json(z.object({ items: z.array(OutboxEntrySchema), totalItems: z.number().int() }), 'A page of messages'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listOutbox(c.var.deps, c.req.valid('param').appKey, { page: q.page, itemsPerPage: q.page_size });
      return c.json(pageBody(c, q, page, toWire), 200);
    },
  );
}
