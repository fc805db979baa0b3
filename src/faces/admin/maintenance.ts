import { createRoute, z } from '@hono/zod-openapi';
import { purgeExpired, purgedTables } from '../../domain/lifecycle/purge';
import { adminApp, adminErrors as errors, jsonContent as json } from './app';

const count = z.number().int().nonnegative();
const PurgeReportSchema = z
  .object({
    deleted: z.object(Object.fromEntries(purgedTables.map((t) => [t, count])) as Record<(typeof purgedTables)[number], typeof count>),
    complete: z.boolean().openapi({ description: 'false when a per-run budget was reached and rows remain for the next run' }),
  })
  .openapi('PurgeReport');

/** `POST /admin/v1/maintenance/purge`: the scheduled lifecycle purge, on demand (always at the current time). */
export function maintenanceRoutes() {
  return adminApp().openapi(
    createRoute({
      tags: ['Operator: maintenance'],
      security: [{ AdminToken: [] }],
      method: 'post',
      path: '/maintenance/purge',
      summary: 'Delete expired codes, refresh tokens, revocation markers, old outbox mail and retired signing keys (what the cron trigger runs)',
      responses: { 200: json(PurgeReportSchema, 'How many rows went, per table'), ...errors },
    }),
    async (c) => c.json(await purgeExpired(c.var.deps), 200),
  );
}
