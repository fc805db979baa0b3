import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import { envelopeSchema, headerOnlySchema } from './envelope';

/** Path parameters every Role API route has. */
export const appKeyParam = { appKey: z.string().openapi({ param: { name: 'appKey', in: 'path' }, example: 'my-app' }) };

export function pathParams<T extends z.ZodRawShape>(extra: T) {
  return z.object({ ...appKeyParam, ...extra });
}

/** A JSON request body; required, so that a missing or malformed body is a 400 (E5). */
export function jsonRequest<T extends z.ZodType>(schema: T) {
  return { content: { 'application/json': { schema } }, required: true } as const;
}

type RoleRouteConfig = Omit<RouteConfig, 'responses' | 'path'> & {
  path: string;
  tag: string;
  /** Response fields beside `header`; omit for header-only answers. */
  response?: { name: string; fields: z.ZodRawShape };
};

/**
 * A Role API route: documented under its section tag, secured by `X-Secret-Key`, always answering
 * HTTP 200 with the NHN envelope.
 */
export function roleRoute<const C extends RoleRouteConfig>(config: C) {
  const { tag, response, ...rest } = config;
  const schema = response ? envelopeSchema(response.name, response.fields) : headerOnlySchema;
  return createRoute({
    ...rest,
    tags: [`Role API v3: ${tag}`],
    security: [{ SecretKey: [] }],
    responses: {
      200: {
        description: 'NHN envelope: header.isSuccessful/resultCode/resultMessage (HTTP 200 on failure too)',
        content: { 'application/json': { schema } },
      },
    },
  }) as unknown as Omit<C, 'tag' | 'response'> & {
    responses: { 200: { description: string; content: { 'application/json': { schema: z.ZodType } } } };
  };
}
