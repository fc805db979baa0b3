/**
 * What happens when a store a request needs cannot be reached. Today that is the tenant's
 * coordinator (Durable Object); D1 failures stay ordinary errors (their batch is all or nothing).
 *
 * - `ServiceUnavailableError`: faces answer it with their 500-class envelope; `src/app.ts` turns
 *   that into `503` with `Retry-After` (the Role API stays HTTP 200, resultCode 500).
 * - A request that saw the coordinator fail is *degraded* (tracked by its database handle, which
 *   `buildDeps` makes once per request and hands to both the decision cache and the unit of
 *   work): it may go on answering checks from the last confirmed revision, but commits nothing.
 * - `owedBumps`: tenants whose write landed in D1 but whose revision bump then failed. The next
 *   successful contact with their coordinator from this isolate bumps for them, so caches keyed by
 *   the old revision retire as soon as the coordinator is back.
 */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
}

/**
 * D1's own transient failures (Cloudflare's D1 error list: the database unreachable, overloaded or
 * reset). They mean "try again", not "this request is wrong": answered as unavailable (V-8). The
 * message may sit on the error or on its cause (drizzle wraps D1's error).
 */
const TRANSIENT_D1 = /Network connection lost|D1 DB is overloaded|transient issue|object to be reset|exceeded (its|timeout)|D1 DB storage operation exceeded/i;

export function isTransientD1Error(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const message = String((e as { message?: unknown }).message ?? '');
    if (/D1_ERROR|D1 DB/.test(message) && TRANSIENT_D1.test(message)) return true;
  }
  return false;
}

/** Seconds a client is asked to wait (`Retry-After`) after a 503. */
export const RETRY_AFTER_SECONDS = 5;

export const owedBumps = new Set<string>();

const degraded = new WeakSet<object>();

export function markDegraded(requestHandle: object): void {
  degraded.add(requestHandle);
}

export function isDegraded(requestHandle: object): boolean {
  return degraded.has(requestHandle);
}

/**
 * Errors thrown by a Durable Object's own code carry `remote: true` and mean what they say; any
 * other failure of a call (overload, network, restart) is the object being unavailable.
 */
export function unavailableUnlessRemote(err: unknown): unknown {
  if (err instanceof ServiceUnavailableError) return err;
  if (err && typeof err === 'object' && (err as { remote?: unknown }).remote === true) return err;
  return new ServiceUnavailableError(`the tenant coordinator is unavailable: ${String((err as { message?: unknown })?.message ?? err)}`, { cause: err });
}
