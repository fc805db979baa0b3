import type { Context } from 'hono';
import { DomainError } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { logError } from '../shared/log';

/** T-2: token-endpoint-like answers are never cached. */
export function noStore(c: Context) {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
}

/** RFC 6749 §5.2 error body; `error_description` stays plain ASCII. */
export function oauthError(c: Context, error: string, description: string, status: 400 | 401 | 405 | 500 = 400) {
  noStore(c);
  if (status === 401) c.header('WWW-Authenticate', 'Basic realm="token", charset="UTF-8"');
  return c.json({ error, error_description: description.replace(/[^\x20-\x7e]/g, '?') }, status);
}

/** Maps whatever a token-service handler threw to an RFC 6749 error. */
export function oauthErrorHandler(err: Error, c: Context<AppEnv>) {
  if (err instanceof DomainError && err.kind === 'not_found') {
    noStore(c);
    return c.json({ error: 'not_found', error_description: err.message }, 404);
  }
  if (err instanceof DomainError) {
    const code = err.code.startsWith('oauth.') ? err.code.slice('oauth.'.length) : err.kind === 'unauthorized' ? 'invalid_client' : 'invalid_request';
    return oauthError(c, code, err.message, code === 'invalid_client' || code === 'invalid_token' ? 401 : 400);
  }
  logError(c, err);
  return oauthError(c, 'server_error', 'internal error', 500);
}
