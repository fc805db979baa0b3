import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Largest accepted request body (semantics E5). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads bodies as JSON whatever their Content-Type (E5: "Content-Type is not checked"), so that
 * the route's JSON validator sees them, and refuses bodies over `MAX_BODY_BYTES` through `onTooLarge`.
 */
export function jsonBody(onTooLarge: Parameters<typeof bodyLimit>[0]['onError']): MiddlewareHandler[] {
  const treatAsJson: MiddlewareHandler = async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (c.req.raw.body && !/^application\/([a-z-.]+\+)?json/i.test(type)) {
      const headers = new Headers(c.req.raw.headers);
      headers.set('content-type', 'application/json');
      c.req.raw = new Request(c.req.raw, { headers });
    }
    await next();
  };
  return [bodyLimit({ maxSize: MAX_BODY_BYTES, onError: onTooLarge }), treatAsJson];
}
