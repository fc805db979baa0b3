import { createRoute, z } from '@hono/zod-openapi';
import { allowClient, disallowClient, listAllowedClients } from '../../domain/apps/allowed-clients';
import type { AllowedClient } from '../../domain/apps/model';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';
import { listAnswer, pageQuery, pageRequestOf, pageSchema, sortQuery } from './paging';

const common = { tags: ['Identity API: Apps API clients'], security: [{ SecretKey: [] }] };
const AllowedClientSchema = z.object({ client_id: z.string(), created_at: z.string() }).openapi('AllowedAppsClient');
const wire = (a: AllowedClient) => ({ client_id: a.clientId, created_at: a.createdAt });

/** The Apps API's allow-list: which OAuth2 clients of the tenant may call `/t/{appKey}/apps/v1`. */
export function appsClientRoutes() {
  return identityApp()
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/apps/allowed-clients',
        summary: 'List the clients allowed to call the Apps API',
        request: { query: pageQuery.extend({ sort: sortQuery(['client_id', 'created_at'], 'created_at+') }) },
        responses: { 200: json(pageSchema(AllowedClientSchema), 'A page of allowed clients') },
      }),
      async (c) => {
        const request = pageRequestOf(c.req.valid('query'), { client_id: 'clientId', created_at: 'createdAt' } as const);
        const page = await listAllowedClients(c.var.deps, c.var.tenant.appKey, request);
        return c.json(listAnswer(c, request, page, page.items.map(wire)), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/apps/allowed-clients',
        summary: 'Allow an OAuth2 client of the tenant to call the Apps API (idempotent)',
        request: { body: { required: true, content: { 'application/json': { schema: z.object({ client_id: z.string().min(1).max(256) }) } } } },
        responses: { 201: json(AllowedClientSchema, 'Allowed now'), 200: json(AllowedClientSchema, 'Already allowed') },
      }),
      async (c) => {
        const { client, created } = await allowClient(c.var.deps, c.var.tenant.appKey, c.req.valid('json').client_id);
        return created ? c.json(wire(client), 201) : c.json(wire(client), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'delete',
        path: '/apps/allowed-clients/{client_id}',
        summary: 'Take a client off the Apps API allow-list',
        request: { params: z.object({ client_id: z.string().openapi({ param: { name: 'client_id', in: 'path' } }) }) },
        responses: { 204: { description: 'Removed' } },
      }),
      async (c) => {
        await disallowClient(c.var.deps, c.var.tenant.appKey, c.req.valid('param').client_id);
        return c.body(null, 204);
      },
    );
}
