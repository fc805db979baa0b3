/**
 * The counting rule of one abuse subject (one source address, one client, one client seen from one
 * address), kept by the storage adapter and applied here so the rule is plain, testable code.
 *
 * Sliding window: a subject may fail `limit` times within any `windowSeconds`; the failure that
 * reaches the limit blocks it for `windowSeconds`, and every further block that follows within
 * `STRIKE_MEMORY_MS` of the previous one doubles the time, up to `maxBlockSeconds` (backoff, S-6).
 * A success never resets the count (an attacker holding one account of the tenant could otherwise
 * interleave good sign-ins to reset it). Requests refused while blocked do not count either: the
 * block ends when `Retry-After` says, however often a client retried meanwhile.
 */

export interface AbusePolicy {
  /** Failures allowed within the window; the one that reaches it blocks the subject. */
  limit: number;
  windowSeconds: number;
  /** Ceiling of the doubled block time. */
  maxBlockSeconds: number;
}

export interface WindowState {
  /** Times (ms) of the failures still inside the window, oldest first; never longer than the limit. */
  failures: number[];
  /** End (ms) of the current or last block; 0 when never blocked. */
  blockedUntil: number;
  /** Consecutive blocks: the next one lasts `windowSeconds * 2^strikes`, capped. */
  strikes: number;
}

export interface AbuseVerdict {
  allowed: boolean;
  /** Seconds until the subject may try again (0 when allowed). */
  retryAfter: number;
}

/** A block that follows the previous one's end within this time counts as a repeat (backoff). */
export const STRIKE_MEMORY_MS = 24 * 3600 * 1000;

export const EMPTY_WINDOW: WindowState = { failures: [], blockedUntil: 0, strikes: 0 };

export function verdictOf(state: WindowState, nowMs: number): AbuseVerdict {
  if (state.blockedUntil > nowMs) return { allowed: false, retryAfter: Math.max(1, Math.ceil((state.blockedUntil - nowMs) / 1000)) };
  return { allowed: true, retryAfter: 0 };
}

/** The state after one more failure at `nowMs`. */
export function withFailure(state: WindowState, policy: AbusePolicy, nowMs: number): WindowState {
  if (state.blockedUntil > nowMs) return state; // refused requests are not evaluated, so they do not count
  const windowMs = policy.windowSeconds * 1000;
  const failures = [...state.failures.filter((t) => t > nowMs - windowMs), nowMs].slice(-policy.limit);
  if (failures.length < policy.limit) return { ...state, failures };
  const repeat = state.blockedUntil > 0 && nowMs - state.blockedUntil < STRIKE_MEMORY_MS;
  const strikes = repeat ? state.strikes + 1 : 0;
  const blockMs = Math.min(windowMs * 2 ** strikes, policy.maxBlockSeconds * 1000);
  return { failures: [], blockedUntil: nowMs + blockMs, strikes };
}

/** When the state no longer matters and may be forgotten (ms): nothing in the window, no block to remember. */
export function forgettableAt(state: WindowState, policy: AbusePolicy): number {
  const lastFailure = state.failures.at(-1) ?? 0;
  return Math.max(lastFailure + policy.windowSeconds * 1000, state.blockedUntil + STRIKE_MEMORY_MS);
}
