import { z } from '@hono/zod-openapi';
import { checkResources, checkRoles } from '../../domain/decisions/checks';
import { roleApp } from './app';
import { ok } from './envelope';
import { jsonRequest, pathParams, roleRoute } from './route';

const tag = 'User authorization checks';
// K3/ID5: ids in check items are opaque strings, never syntax-checked.
const params = pathParams({ userId: z.string().openapi({ param: { name: 'userId', in: 'path' } }) });
const headers = z.object({
  'x-min-revision': z
    .string()
    .regex(/^\d{1,15}$/, 'X-Min-Revision must be a non-negative integer')
    .transform(Number)
    .optional()
    .openapi({ description: 'Answer from data at least this fresh (F1)' }),
});
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

/** Reference section ユーザー認証 (§9). */
export function checkRoutes() {
  return roleApp()
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
