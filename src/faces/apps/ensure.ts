import { createRoute, z } from '@hono/zod-openapi';
import { ensure } from '../../domain/apps/ensure';
import { jsonContent as json } from '../shared/openapi';
import { optionalJsonBody } from '../shared/optional-body';
import { appsApp, appsCommon, appsErrors } from './app';

const EnsureBody = z
  .object({
    account_id: z.string().max(256).optional().openapi({ description: "The account to check; default: the token's user" }),
    organization_id: z.string().max(256).optional().openapi({ description: 'The organization the request is for' }),
    required_roles: z.array(z.string().max(256)).max(100).optional().openapi({ description: 'Role names the account must hold (of service_partition when given)' }),
    service_partition: z.string().optional().openapi({ description: 'The service whose contract must be in force' }),
  })
  .openapi('AppsEnsureRequest');

const EnsureAnswer = z
  .object({
    allowed: z.boolean(),
    reasons: z.array(z.object({ code: z.string(), message: z.string(), role: z.string().optional() })),
    client_id: z.string(),
    account_id: z.string().nullable(),
    organization_id: z.string().nullable(),
    service_partition: z.string().nullable(),
  })
  .openapi('AppsEnsureResult');

/** Access management: may this request proceed, and if not, why not. */
export function ensureRoutes() {
  return appsApp().openapi(
    createRoute({
      ...appsCommon('access'),
      method: 'post',
      path: '/ensure',
      summary: 'Whether this request (client, account, organization, roles, contract) may proceed, and why not',
      middleware: [optionalJsonBody],
      request: { body: { required: false, content: { 'application/json': { schema: EnsureBody } } } },
      responses: { 200: json(EnsureAnswer, 'The answer; every failed condition is a reason'), ...appsErrors },
    }),
    async (c) => {
      const b = c.req.valid('json') ?? {};
      const r = await ensure(c.var.deps, c.var.tenant, c.var.appsCaller, {
        accountId: b.account_id,
        organizationId: b.organization_id,
        requiredRoles: b.required_roles,
        servicePartition: b.service_partition,
      });
      return c.json(
        { allowed: r.allowed, reasons: r.reasons, client_id: r.clientId, account_id: r.accountId, organization_id: r.organizationId, service_partition: r.servicePartition },
        200,
      );
    },
  );
}
