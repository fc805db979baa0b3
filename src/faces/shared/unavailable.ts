import type { Context } from 'hono';
import { isTransientD1Error, RETRY_AFTER_SECONDS, ServiceUnavailableError } from '../../storage/availability';

/**
 * A store the request needed could not be reached (the coordinator, or D1 failing transiently;
 * storage/availability.ts): every face has
 * already answered in its own 500-class envelope; that answer becomes `503` with `Retry-After`.
 * The Role API answers HTTP 200 whatever happened, so its envelope (resultCode 500) stays.
 */
export function unavailableAs503(c: Context): void {
  if (!(c.error instanceof ServiceUnavailableError || isTransientD1Error(c.error)) || c.res.status !== 500) return;
  c.res = new Response(c.res.body, { status: 503, headers: c.res.headers });
  c.header('Retry-After', String(RETRY_AFTER_SECONDS));
}
