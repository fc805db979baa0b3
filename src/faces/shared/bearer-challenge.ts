import type { Context } from 'hono';

/**
 * RFC 6750 §3.1: a 401 names `invalid_token` only when a token was presented; without one the
 * challenge carries no error code. H-3.
 */
export function bearerChallenge(c: Context): string {
  return /^Bearer\s/i.test(c.req.header('authorization') ?? '') ? 'Bearer error="invalid_token"' : 'Bearer';
}
