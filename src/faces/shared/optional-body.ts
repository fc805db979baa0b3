import type { MiddlewareHandler } from 'hono';

/**
 * For routes whose JSON body is optional: a request without a body is read as having none, even
 * when it names a JSON Content-Type (otherwise the validator would try to parse "" and fail).
 */
export const optionalJsonBody: MiddlewareHandler = async (c, next) => {
  if (!c.req.raw.body && c.req.header('content-type')) {
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-type');
    c.req.raw = new Request(c.req.raw, { headers });
  }
  await next();
};
