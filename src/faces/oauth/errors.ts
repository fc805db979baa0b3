import type { Context } from 'hono';
import { RateLimitedError } from '../../domain/abuse/limits';
import { DomainError } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { logError } from '../shared/log';

/** T-2: token-endpoint-like answers are never cached. */
export function noStore(c: Context) {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
}

/** RFC 6749 §5.2: `error_description` is %x20-21 / %x23-5B / %x5D-7E (printable ASCII without `"` and `\`). */
const asciiDescription = (description: string) => description.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?');

/** RFC 6749 §5.2 error body; `error_description` stays plain ASCII. */
export function oauthError(c: Context, error: string, description: string, status: 400 | 401 | 405 | 413 | 429 | 500 = 400) {
  noStore(c);
  if (status === 401) c.header('WWW-Authenticate', 'Basic realm="token", charset="UTF-8"');
  return c.json({ error, error_description: asciiDescription(description) }, status);
}

/**
 * Too many failed attempts from this client or address (src/domain/abuse): HTTP 429 (RFC 6585 §4)
 * with `Retry-After`, so generic HTTP clients back off, and an RFC 6749 §5.2 body whose `error` stays
 * one of the codes the RFC defines (`invalid_request`; RFC 6749 has no throttling code, and T-1
 * keeps token endpoint errors to that closed set), so OAuth client libraries still parse it.
 */
export function tooManyAttempts(c: Context, retryAfter: number) {
  c.header('Retry-After', String(retryAfter));
  return oauthError(c, 'invalid_request', `too many failed attempts; retry after ${retryAfter} seconds`, 429);
}

/** Maps whatever a token-service handler threw to an RFC 6749 error. */
export function oauthErrorHandler(err: Error, c: Context<AppEnv>) {
  if (err instanceof RateLimitedError) return tooManyAttempts(c, err.retryAfter);
  if (err instanceof DomainError && err.kind === 'not_found') {
    noStore(c);
    return c.json({ error: 'not_found', error_description: asciiDescription(err.message) }, 404);
  }
  if (err instanceof DomainError) {
    const code = err.code.startsWith('oauth.') ? err.code.slice('oauth.'.length) : err.kind === 'unauthorized' ? 'invalid_client' : 'invalid_request';
    return oauthError(c, code, err.message, code === 'invalid_client' || code === 'invalid_token' ? 401 : 400);
  }
  logError(c, err);
  return oauthError(c, 'server_error', 'internal error', 500);
}
