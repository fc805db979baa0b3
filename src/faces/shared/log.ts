import type { Context } from 'hono';
import type { AppEnv } from '../../env';

/**
 * An error as one log string: name, message, stack frames and causes. A query error of the
 * storage layer (drizzle's, recognised by its `query` and `params`) carries the statement's bound
 * values in its message and stack — a mail body with its verification token, a sealed key — so
 * only the SQL text is kept and the values are withheld.
 */
function describeError(err: unknown, depth = 0): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { query?: unknown; params?: unknown };
  const message = typeof e.query === 'string' && Array.isArray(e.params) ? `Failed query: ${e.query} (${e.params.length} bound values withheld)` : e.message;
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  const cause = e.cause !== undefined && depth < 3 ? `\ncaused by: ${describeError(e.cause, depth + 1)}` : '';
  return `${e.name}: ${message}\n${frames}${cause}`;
}

/**
 * Logs an unexpected error with the request id. Only the error and the route are logged, never
 * headers or bodies, and never a failed query's bound values, so secrets cannot reach the logs
 * this way (test/security/secrets-in-logs.test.ts).
 */
export function logError(c: Context<AppEnv>, err: unknown): void {
  console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), method: c.req.method, route: c.req.routePath, error: describeError(err) }));
}
