import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { apiTokenPrincipal, createApiToken, deleteApiToken, listApiTokens, renameApiToken, type ApiToken } from '../../domain/identity/api-tokens';
import type { AppEnv } from '../../env';
import { listAnswer, pageQuery, pageRequestOf, pageSchema } from './paging';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';

const common = { tags: ['Identity API: API tokens'], security: [{ SecretKey: [] }] };
export const ApiTokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    scopes: z.array(z.string()),
    last_used_at: z.string().nullable(),
    expired_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('ApiToken');
export const apiTokenWire = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  scopes: [] as string[],
  last_used_at: t.lastUsedAt,
  expired_at: t.expiredAt,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
});
export const createBody = z.object({ name: z.string(), expired_at: z.string().nullish() });
export const renameBody = z.object({ name: z.string() });

/** Lists a user's API tokens as `{items, page}` with the paging headers. */
export async function tokenPage(c: Context<AppEnv>, userId: string, q: z.infer<typeof pageQuery>) {
  const request = pageRequestOf<'createdAt'>(q, undefined, 'createdAt');
  const page = await listApiTokens(c.var.deps, c.var.tenant.appKey, userId, request);
  return listAnswer(c, request, page, page.items.map(apiTokenWire));
}

const userParams = z.object({ user_uuid: z.string().openapi({ param: { name: 'user_uuid', in: 'path' } }) });
const tokenParams = userParams.extend({ id: z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }) });

/** intdash "User's API Tokens" (tenant access). */
export function apiTokenRoutes() {
  return identityApp()
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/api-tokens/introspect',
        summary: 'Introspect API Token',
        request: { body: { required: true, content: { 'application/json': { schema: z.object({ token: z.string() }) } } } },
        responses: { 200: json(z.object({ active: z.boolean() }).passthrough(), 'Whether the token is active') },
      }),
      async (c) => {
        const found = await apiTokenPrincipal(c.var.deps, c.var.tenant.appKey, c.req.valid('json').token);
        return c.json(found ? { active: true, user_uuid: found.userId, ...apiTokenWire(found.apiToken) } : { active: false }, 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/users/{user_uuid}/api-tokens', summary: 'List API Tokens', request: { params: userParams, query: pageQuery }, responses: { 200: json(pageSchema(ApiTokenSchema), 'A page') } }),
      async (c) => c.json(await tokenPage(c, c.req.valid('param').user_uuid, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/users/{user_uuid}/api-tokens',
        summary: 'Create API Token (shown once)',
        request: { params: userParams, body: { required: true, content: { 'application/json': { schema: createBody } } } },
        responses: { 201: json(ApiTokenSchema.extend({ token: z.string() }), 'Created') },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const { apiToken, token } = await createApiToken(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid, { name: b.name, expiredAt: b.expired_at });
        return c.json({ ...apiTokenWire(apiToken), token }, 201);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'patch', path: '/users/{user_uuid}/api-tokens/{id}', summary: 'Update API Token', request: { params: tokenParams, body: { required: true, content: { 'application/json': { schema: renameBody } } } }, responses: { 200: json(ApiTokenSchema, 'Updated') } }),
      async (c) => {
        const p = c.req.valid('param');
        return c.json(apiTokenWire(await renameApiToken(c.var.deps, c.var.tenant.appKey, p.user_uuid, p.id, c.req.valid('json').name)), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/users/{user_uuid}/api-tokens/{id}', summary: 'Delete API Token', request: { params: tokenParams }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        const p = c.req.valid('param');
        await deleteApiToken(c.var.deps, c.var.tenant.appKey, p.user_uuid, p.id);
        return c.body(null, 204);
      },
    );
}
