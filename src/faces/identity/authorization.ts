import { createRoute, z } from '@hono/zod-openapi';
import { checkHttp } from '../../domain/decisions/http-check';
import { callerDecision } from '../../domain/identity/caller-access';
import { minRevisionHeaders } from '../shared/min-revision';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';

const common: { tags: string[]; security: Record<string, string[]>[] } = { tags: ['Identity API: authorization'], security: [{ SecretKey: [] }, { BearerToken: [] }] };
const METHOD = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).openapi({ description: 'Method of the request to judge' });
const PATH = z.string().max(4096).regex(/^\//, 'path must start with /').openapi({ description: 'Path of the request to judge (e.g. `/v1/groups/{uuid}/members`)' });
const headers = minRevisionHeaders;
const Result = z.object({ result: z.boolean() }).openapi('HttpAuthorizationResult');

/** intdash "Authorization": Check HTTP Authorization and Check Me HTTP Authorization. */
export function authorizationRoutes() {
  return identityApp()
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/authorization/http',
        summary: 'Check HTTP Authorization (by request scopes, or by the subject’s group permissions under /groups/{id} and /projects/{id})',
        request: {
          headers,
          body: {
            required: true,
            content: { 'application/json': { schema: z.object({ subject: z.string().max(256).nullish(), scopes: z.array(z.string().max(256)).max(1000), path: PATH, method: METHOD }) } },
          },
        },
        responses: { 200: json(Result, 'The decision') },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const { revision, result } = await checkHttp(c.var.deps, c.var.tenant.appKey, { method: b.method, path: b.path, scopes: b.scopes, subject: b.subject }, c.req.valid('header')['x-min-revision']);
        c.header('X-Revision', String(revision));
        return c.json({ result }, 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/authorization/http/me',
        summary: 'Check Me HTTP Authorization (the caller’s own permissions; not for the tenant secret key)',
        request: { headers, body: { required: true, content: { 'application/json': { schema: z.object({ path: PATH, method: METHOD }) } } } },
        responses: { 200: json(Result, 'The decision') },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const { revision, result } = await callerDecision(c.var.deps, c.var.tenant.appKey, c.var.principal, b.method, b.path, c.req.valid('header')['x-min-revision']);
        c.header('X-Revision', String(revision));
        return c.json({ result }, 200);
      },
    );
}
