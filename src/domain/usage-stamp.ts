import type { Deps } from './ports';

/**
 * A "last used at" field (the reference's `last_used_at` on client secrets and API tokens) written
 * at most once per `intervalMs` per key and isolate: a credential used all the time costs one D1
 * write a minute per isolate, not one per request, so the value is exact to about that much.
 * Bookkeeping only: a failed write never fails the request that used the credential.
 */
export function usageStamp(intervalMs = 60_000, remembered = 10_000) {
  const written = new Map<string, number>();
  return async (deps: Deps, key: string, write: (at: string) => Promise<void>): Promise<void> => {
    const now = deps.clock.now();
    const last = written.get(key);
    if (last !== undefined && now.getTime() - last < intervalMs) return;
    if (written.size >= remembered) written.clear();
    written.set(key, now.getTime());
    try {
      await write(now.toISOString());
    } catch {
      // the credential did its job; its bookkeeping may wait for the next use
    }
  };
}
