import { createRoute, z } from '@hono/zod-openapi';
import { addClientSecret, createClient, deleteClient, getOwnedClient, listClients, removeClientSecret, updateClient } from '../../domain/clients/clients';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';
import { me } from './me';
import { Client, CLIENT_SORT_FIELDS, CLIENT_SORT_KEYS, clientWire, CreateClientBody, newClientInput } from './oauth2-clients';
import { listAnswer, pageQuery, pageRequestOf, pageSchema, sortQuery } from './paging';

const common = { tags: ['Identity API: my OAuth2 clients'], security: [{ BearerToken: [] }] };
const clientParam = z.object({ client_id: z.string().openapi({ param: { name: 'client_id', in: 'path' } }) });


/** intdash "Authenticated User's OAuth2 Clients": clients owned by the caller, and their secrets. */
export function myClientRoutes() {
  return identityApp()
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/me/oauth2-clients',
        summary: 'List My OAuth2Clients',
        request: { query: z.object({ sort: sortQuery(CLIENT_SORT_KEYS, 'name+') }).merge(pageQuery) },
        responses: { 200: json(pageSchema(Client), 'My clients') },
      }),
      async (c) => {
        const request = pageRequestOf(c.req.valid('query'), CLIENT_SORT_FIELDS);
        const page = await listClients(c.var.deps, c.var.tenant.appKey, { ownerUserId: me(c) }, request);
        return c.json(listAnswer(c, request, page, page.items.map(clientWire)), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/me/oauth2-clients',
        summary: 'Create My OAuth2Client (the secret is shown once)',
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: CreateClientBody,
              },
            },
          },
        },
        responses: { 201: json(Client.extend({ client_secret: z.string().nullable() }), 'Created') },
      }),
      async (c) => {
        const { client, clientSecret } = await createClient(c.var.deps, c.var.tenant.appKey, newClientInput(c.req.valid('json'), me(c)));
        return c.json({ ...clientWire(client), client_secret: clientSecret }, 201);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/me/oauth2-clients/{client_id}', summary: 'Get My OAuth2Client', request: { params: clientParam }, responses: { 200: json(Client, 'The client') } }),
      async (c) => c.json(clientWire(await getOwnedClient(c.var.deps, c.var.tenant.appKey, me(c), c.req.valid('param').client_id)), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'patch',
        path: '/me/oauth2-clients/{client_id}',
        summary: 'Update My OAuth2Client',
        request: { params: clientParam, body: { required: true, content: { 'application/json': { schema: z.object({ name: z.string().optional(), redirect_uris: z.array(z.string()).optional() }) } } } },
        responses: { 200: json(Client, 'Updated') },
      }),
      async (c) => {
        const { client_id } = c.req.valid('param');
        await getOwnedClient(c.var.deps, c.var.tenant.appKey, me(c), client_id);
        const b = c.req.valid('json');
        return c.json(clientWire(await updateClient(c.var.deps, c.var.tenant.appKey, client_id, { name: b.name, redirectUris: b.redirect_uris })), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/me/oauth2-clients/{client_id}', summary: 'Delete My OAuth2Client', request: { params: clientParam }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        const { client_id } = c.req.valid('param');
        await getOwnedClient(c.var.deps, c.var.tenant.appKey, me(c), client_id);
        await deleteClient(c.var.deps, c.var.tenant.appKey, client_id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/me/oauth2-clients/{client_id}/secrets',
        summary: 'Create My OAuth2Client Secret (shown once)',
        request: { params: clientParam, body: { required: true, content: { 'application/json': { schema: z.object({ name: z.string().default('secret') }) } } } },
        responses: { 201: json(z.object({ id: z.number().int(), name: z.string(), secret: z.string(), last_used_at: z.string().nullable(), created_at: z.string() }), 'Created') },
      }),
      async (c) => {
        const { client_id } = c.req.valid('param');
        await getOwnedClient(c.var.deps, c.var.tenant.appKey, me(c), client_id);
        const s = await addClientSecret(c.var.deps, c.var.tenant.appKey, client_id, c.req.valid('json').name);
        return c.json({ id: s.id, name: s.name, secret: s.secret, last_used_at: s.lastUsedAt, created_at: s.createdAt }, 201);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'delete',
        path: '/me/oauth2-clients/{client_id}/secrets/{secret_id}',
        summary: 'Delete My OAuth2Client Secret',
        request: { params: clientParam.extend({ secret_id: z.coerce.number().int().min(1).openapi({ param: { name: 'secret_id', in: 'path' }, type: 'integer' }) }) },
        responses: { 204: { description: 'Deleted' } },
      }),
      async (c) => {
        const { client_id, secret_id } = c.req.valid('param');
        await getOwnedClient(c.var.deps, c.var.tenant.appKey, me(c), client_id);
        await removeClientSecret(c.var.deps, c.var.tenant.appKey, client_id, secret_id);
        return c.body(null, 204);
      },
    );
}
