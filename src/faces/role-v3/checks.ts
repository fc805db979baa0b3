import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { checkResources, checkRoles } from '../../domain/decisions/checks';
import { minRevisionHeaders } from '../shared/min-revision';
import { roleApp } from './app';
import { ok } from './envelope';
import { jsonRequest, pathParams, roleRoute } from './route';

const tag = 'User authorization checks';
// K3/ID5: ids in check items are opaque strings, never syntax-checked.
const params = pathParams({ userId: z.string().openapi({ param: { name: 'userId', in: 'path' } }) });
const headers = minRevisionHeaders;
const Attribute = z.object({ attributeId: z.string(), attributeValue: z.string() }).openapi('PostAuthorizationResource.AttributeProtocol');
const common = { attributes: z.array(Attribute).nullish(), authRequestId: z.string().nullish(), scopeId: z.string().nullish() };

const ResourceResult = z
  .object({
    authRequestId: z.string().nullable(),
    operationId: z.string(),
    resourceId: z.string().nullable(),
    resourcePath: z.string().nullable(),
    scopeId: z.string(),
    attributes: z.array(Attribute),
    permission: z.boolean(),
  })
  .openapi('PostAuthorizationResource.AuthorizationWithResourceProtocol');
const RoleResult = z
  .object({ authRequestId: z.string().nullable(), roleId: z.string(), scopeId: z.string(), attributes: z.array(Attribute), permission: z.boolean() })
  .openapi('PostAuthorizationRole.AuthorizationProtocol');

/**
 * An identical check at the same revision has the same answer, so hot answers are kept in isolate
 * memory under a key carrying the revision: a repeat costs no parsing and no evaluation. A request
 * asking for a revision this isolate does not know yet goes the long way (F1).
 */
const MAX_REMEMBERED_BODY = 4096;

const rememberAnswers: MiddlewareHandler<AppEnv> = async (c, next) => {
  const decisions = c.var.deps.decisions;
  const appKey = c.var.tenant.appKey;
  const revision = await decisions.revision(appKey, false);
  const min = c.req.header('x-min-revision');
  if (min !== undefined && !(/^\d{1,15}$/.test(min) && Number(min) <= revision)) return next();
  const body = await c.req.text();
  // Only small requests are remembered, so the memory an entry takes stays bounded.
  if (body.length > MAX_REMEMBERED_BODY) return next();
  const key = `${c.req.path}\u0000${revision}\u0000${body}`;
  const known = decisions.recall(key);
  if (known !== undefined) {
    return c.body(known, 200, { 'content-type': 'application/json; charset=utf-8', 'x-revision': String(revision) });
  }
  await next();
  if (c.res.status === 200 && c.res.headers.get('x-revision') === String(revision)) {
    const text = await c.res.clone().text();
    if (text.includes('"isSuccessful":true')) decisions.remember(key, text);
  }
};

/** Reference section ユーザー認証 (§9). */
export function checkRoutes() {
  const app = roleApp();
  app.use('/users/:userId/authorizations/*', rememberAnswers);
  return app
    .openapi(
      roleRoute({
        method: 'post',
        path: '/users/{userId}/authorizations/resources',
        tag,
        summary: 'May the user perform each operation on each resource?',
        request: {
          params,
          headers,
          body: jsonRequest(
            z
              .object({
                resources: z.array(
                  z.object({ operationId: z.string(), resourceId: z.string().nullish(), resourcePath: z.string().nullish(), ...common }).openapi('PostAuthorizationResource.ResourceProtocol'),
                ),
              })
              .openapi('PostAuthorizationResource.Request'),
          ),
        },
        response: { name: 'PostAuthorizationResource.Response', fields: { authorizations: z.array(ResourceResult) } },
      }),
      async (c) => {
        const items = c.req.valid('json').resources;
        const result = await checkResources(c.var.deps, c.var.tenant.appKey, c.req.valid('param').userId, items, c.req.valid('header')['x-min-revision']);
        c.header('X-Revision', String(result.revision));
        return ok(c, { authorizations: result.authorizations });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/users/{userId}/authorizations/roles',
        tag,
        summary: 'Does the user hold each role (directly or through role relations)?',
        request: {
          params,
          headers,
          body: jsonRequest(
            z.object({ roles: z.array(z.object({ roleId: z.string(), ...common }).openapi('PostAuthorizationRole.AuthRoleProtocol')) }).openapi('PostAuthorizationRole.Request'),
          ),
        },
        response: { name: 'PostAuthorizationRole.Response', fields: { authorizations: z.array(RoleResult) } },
      }),
      async (c) => {
        const result = await checkRoles(c.var.deps, c.var.tenant.appKey, c.req.valid('param').userId, c.req.valid('json').roles, c.req.valid('header')['x-min-revision']);
        c.header('X-Revision', String(result.revision));
        return ok(c, { authorizations: result.authorizations });
      },
    );
}
