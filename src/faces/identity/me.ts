import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createApiToken, deleteApiToken, renameApiToken } from '../../domain/identity/api-tokens';
import { changePassword, requireAccount, updateAccount } from '../../domain/identity/accounts';
import { passwordPolicyErrors } from '../../domain/identity/password-policy';
import { DomainError } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { ApiTokenSchema, apiTokenWire, createBody, renameBody, tokenPage } from './api-tokens';
import { pageQuery, pageSchema } from './paging';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';
import { PasswordStatus, passwordWire, UpdateUserBody, User, userWire } from './users';

const common = { tags: ['Identity API: me'], security: [{ BearerToken: [] }] };
const idParams = z.object({ id: z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }) });

/** The signed-in user; the tenant's secret key is not a user. */
export function me(c: Context<AppEnv>): string {
  if (c.var.principal.kind !== 'user') throw new DomainError('forbidden', 'the /me endpoints need a user access token or API token');
  return c.var.principal.userId;
}

/** intdash "Authenticated User's" routes: profile, password and API tokens of the caller. */
export function meRoutes() {
  return identityApp()
    .openapi(createRoute({ ...common, method: 'get', path: '/me', summary: 'The signed-in user', responses: { 200: json(User, 'Me') } }), async (c) =>
      c.json(await userWire(c.var.deps, c.var.tenant.appKey, await requireAccount(c.var.deps, c.var.tenant.appKey, me(c))), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'patch', path: '/me', summary: 'Update Me', request: { body: { required: true, content: { 'application/json': { schema: UpdateUserBody } } } }, responses: { 200: json(User, 'Me') } }),
      async (c) => c.json(await userWire(c.var.deps, c.var.tenant.appKey, await updateAccount(c.var.deps, c.var.tenant.appKey, me(c), c.req.valid('json'))), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'put',
        path: '/me/password',
        summary: 'Change Password (the current password is required)',
        request: { body: { required: true, content: { 'application/json': { schema: z.object({ password: z.string(), old_password: z.string() }) } } } },
        responses: { 200: json(PasswordStatus, 'The password status') },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const account = await changePassword(c.var.deps, c.var.tenant.appKey, me(c), { password: b.password, oldPassword: b.old_password });
        return c.json(passwordWire(account), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/me/password/check',
        summary: 'Check Password against the policy',
        request: { body: { required: true, content: { 'application/json': { schema: z.object({ password: z.string().max(512) }) } } } },
        responses: { 200: json(z.object({ valid: z.boolean(), errors: z.array(z.string()) }), 'The verdict') },
      }),
      async (c) => {
        me(c);
        const errors = passwordPolicyErrors(c.req.valid('json').password);
        return c.json({ valid: errors.length === 0, errors }, 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/me/api-tokens', summary: 'List My API Tokens', request: { query: pageQuery }, responses: { 200: json(pageSchema(ApiTokenSchema), 'A page') } }),
      async (c) => c.json(await tokenPage(c, me(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'post', path: '/me/api-tokens', summary: 'Create My API Token (shown once)', request: { body: { required: true, content: { 'application/json': { schema: createBody } } } }, responses: { 201: json(ApiTokenSchema.extend({ token: z.string() }), 'Created') } }),
      async (c) => {
        const b = c.req.valid('json');
        const { apiToken, token } = await createApiToken(c.var.deps, c.var.tenant.appKey, me(c), { name: b.name, expiredAt: b.expired_at });
        return c.json({ ...apiTokenWire(apiToken), token }, 201);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'patch', path: '/me/api-tokens/{id}', summary: 'Update My API Token', request: { params: idParams, body: { required: true, content: { 'application/json': { schema: renameBody } } } }, responses: { 200: json(ApiTokenSchema, 'Updated') } }),
      async (c) => c.json(apiTokenWire(await renameApiToken(c.var.deps, c.var.tenant.appKey, me(c), c.req.valid('param').id, c.req.valid('json').name)), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/me/api-tokens/{id}', summary: 'Delete My API Token', request: { params: idParams }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        await deleteApiToken(c.var.deps, c.var.tenant.appKey, me(c), c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
