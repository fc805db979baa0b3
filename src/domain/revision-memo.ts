import type { Deps } from './ports';

/**
 * Values read from storage, kept in isolate memory per tenant revision and key. Correct for data
 * whose every change bumps the tenant revision (then the key moves and the old value is never read
 * again); bounded by `entries` (least recently used go first).
 */
export function revisionMemo<T>(load: (deps: Deps, tenantId: string, key: string) => Promise<T>, entries = 10_000) {
  const memo = new Map<string, T>();
  return async (deps: Deps, tenantId: string, revision: number, key = ''): Promise<T> => {
    const k = `${tenantId}\u0000${revision}\u0000${key}`;
    if (memo.has(k)) {
      const held = memo.get(k) as T;
      memo.delete(k);
      memo.set(k, held);
      return held;
    }
    const value = await load(deps, tenantId, key);
    memo.set(k, value);
    if (memo.size > entries) memo.delete(memo.keys().next().value!);
    return value;
  };
}
