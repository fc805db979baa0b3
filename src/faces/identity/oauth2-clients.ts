import { createRoute, z } from '@hono/zod-openapi';
import type { ClientWithSecrets } from '../../domain/clients/client';
import { createClient, deleteClient, getClient, listClients, updateClient } from '../../domain/clients/clients';
import { listAnswer, many, pageQuery, pageRequestOf, pageSchema, sortQuery } from './paging';
import { textFilter } from './text-match';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';

const Secret = z.object({ id: z.number().int(), name: z.string(), last_used_at: z.string().nullable(), created_at: z.string() });
export const Client = z
  .object({
    client_id: z.string(),
    name: z.string(),
    secrets: z.array(Secret),
    grant_types: z.array(z.string()),
    token_endpoint_auth_method: z.string(),
    redirect_uris: z.array(z.string()),
    response_types: z.array(z.string()),
    scopes: z.array(z.string()),
    audiences: z.array(z.string()),
    tls_client_auth_subject_dn: z.string().nullable(),
    user_uuid: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('OAuth2Client');

export function clientWire(c: ClientWithSecrets) {
  return {
    client_id: c.clientId,
    name: c.name,
    secrets: c.secrets.map((s) => ({ id: s.id, name: s.name, last_used_at: s.lastUsedAt, created_at: s.createdAt })),
    grant_types: c.grantTypes,
    token_endpoint_auth_method: c.tokenEndpointAuthMethod,
    redirect_uris: c.redirectUris,
    response_types: c.grantTypes.includes('authorization_code') ? ['code'] : [],
    scopes: c.scopes,
    audiences: c.audiences,
    tls_client_auth_subject_dn: c.tlsClientAuthSubjectDn,
    user_uuid: c.ownerUserId,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** Body of Create (My) OAuth2Client. */
export const CreateClientBody = z.object({
  name: z.string(),
  grant_type: z.enum(['authorization_code', 'client_credentials', 'password']),
  redirect_uris: z.array(z.string()).default([]),
  token_endpoint_auth_method: z.enum(['client_secret_post', 'client_secret_basic', 'tls_client_auth', 'none']).default('client_secret_post'),
  tls_client_auth_subject_dn: z.string().max(512).nullish(),
  /** Ours: resources (RFC 8707) the client may request tokens for. */
  audiences: z.array(z.string()).max(10).optional(),
  /** Ours: permission names (OAuth scope values) the client may request, e.g. `["all"]` for a machine client that manages the tenant. */
  scopes: z.array(z.string()).max(100).optional(),
});

export function newClientInput(b: z.infer<typeof CreateClientBody>, owner: string | null | undefined) {
  return {
    name: b.name,
    grantType: b.grant_type,
    redirectUris: b.redirect_uris,
    tokenEndpointAuthMethod: b.token_endpoint_auth_method,
    tlsClientAuthSubjectDn: b.tls_client_auth_subject_dn,
    ownerUserId: owner,
    audiences: b.audiences,
    scopes: b.scopes,
  };
}

const clientIdParam = z.object({ client_id: z.string().openapi({ param: { name: 'client_id', in: 'path' } }) });
const common = { tags: ['Identity API: OAuth2 clients'], security: [{ SecretKey: [] }] };
export const CLIENT_SORT_KEYS = ['name', 'created_at', 'updated_at'] as const;
export const CLIENT_SORT_FIELDS = { name: 'name', created_at: 'createdAt', updated_at: 'updatedAt' } as const;

/** intdash "OAuth2 Clients" (paths: shared/spec/identity-api.md). */
export function oauth2ClientRoutes() {
  return identityApp()
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/oauth2-clients',
        summary: 'Create an OAuth2 client (the secret is shown once)',
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: CreateClientBody.extend({ user_uuid: z.string().nullish() }),
              },
            },
          },
        },
        responses: { 201: json(Client.extend({ client_secret: z.string().nullable() }), 'Created') },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const { client, clientSecret } = await createClient(c.var.deps, c.var.tenant.appKey, newClientInput(b, b.user_uuid));
        return c.json({ ...clientWire(client), client_secret: clientSecret }, 201);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/oauth2-clients',
        summary: 'List OAuth2 clients',
        request: {
          query: z.object({
            id: many,
            name: textFilter,
            sort: sortQuery(CLIENT_SORT_KEYS, 'name+'),
          }).merge(pageQuery),
        },
        responses: { 200: json(pageSchema(Client), 'A page of clients') },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const request = pageRequestOf(q, CLIENT_SORT_FIELDS);
        const page = await listClients(c.var.deps, c.var.tenant.appKey, { ids: q.id, nameLike: q.name }, request);
        return c.json(listAnswer(c, request, page, page.items.map(clientWire)), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/users/{user_uuid}/oauth2-clients',
        summary: "List User's OAuth2Clients",
        request: {
          params: z.object({ user_uuid: z.string().openapi({ param: { name: 'user_uuid', in: 'path' } }) }),
          query: z.object({ sort: sortQuery(CLIENT_SORT_KEYS, 'name+') }).merge(pageQuery),
        },
        responses: { 200: json(pageSchema(Client), 'The clients the user owns') },
      }),
      async (c) => {
        const request = pageRequestOf(c.req.valid('query'), CLIENT_SORT_FIELDS);
        const page = await listClients(c.var.deps, c.var.tenant.appKey, { ownerUserId: c.req.valid('param').user_uuid }, request);
        return c.json(listAnswer(c, request, page, page.items.map(clientWire)), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/oauth2-clients/{client_id}', summary: 'Get an OAuth2 client', request: { params: clientIdParam }, responses: { 200: json(Client, 'The client') } }),
      async (c) => c.json(clientWire(await getClient(c.var.deps, c.var.tenant.appKey, c.req.valid('param').client_id)), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'patch',
        path: '/oauth2-clients/{client_id}',
        summary: 'Update an OAuth2 client',
        request: {
          params: clientIdParam,
          body: {
            required: true,
            content: { 'application/json': { schema: z.object({ name: z.string().optional(), redirect_uris: z.array(z.string()).optional(), audiences: z.array(z.string()).max(10).optional(), scopes: z.array(z.string()).max(100).optional() }) } },
          },
        },
        responses: { 200: json(Client, 'The updated client') },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const updated = await updateClient(c.var.deps, c.var.tenant.appKey, c.req.valid('param').client_id, { name: b.name, redirectUris: b.redirect_uris, audiences: b.audiences, scopes: b.scopes });
        return c.json(clientWire(updated), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/oauth2-clients/{client_id}', summary: 'Delete an OAuth2 client', request: { params: clientIdParam }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        await deleteClient(c.var.deps, c.var.tenant.appKey, c.req.valid('param').client_id);
        return c.body(null, 204);
      },
    );
}
