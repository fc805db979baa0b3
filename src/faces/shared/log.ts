import type { Context } from 'hono';
import type { AppEnv } from '../../env';

/**
 * Logs an unexpected error with the request id. Only the error and the route are logged, never
 * headers or bodies, so secrets cannot reach the logs this way.
 */
export function logError(c: Context<AppEnv>, err: unknown): void {
  const error = err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err);
  console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), method: c.req.method, route: c.req.routePath, error }));
}
