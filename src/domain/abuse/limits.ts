import { sha256Hex } from '../../lib/crypto';
import { DomainError } from '../errors';
import type { Deps } from '../ports';
import type { AbusePolicy } from './window';

/**
 * What failures are counted against (always within one tenant):
 * - `client_ip`: one client seen from one source address — the tight limit that stops one machine
 *   guessing passwords or a client secret through one client;
 * - `ip`: one source address over every client of the tenant — stops one machine spreading its
 *   guesses over many clients (or made-up client ids);
 * - `client`: one client from every address — a ceiling on what a botnet can try through one
 *   client. It is deliberately high: reaching it shuts the client out for everyone for a while,
 *   which is the price of bounding a distributed attack.
 */
export type AbuseSubjectKind = 'client_ip' | 'ip' | 'client';

export interface AbuseSubject {
  kind: AbuseSubjectKind;
  /** The address, the client id, or `client id|address`. */
  value: string;
}

/**
 * Defaults (constants, not per-tenant settings, so a tenant admin cannot switch them off):
 * - 20 failures per client and address in 5 minutes: one office behind one NAT address signing in
 *   to one app produces a few mistyped passwords in 5 minutes, and a person meets the account lock
 *   (5 by default) long before this; one machine can try at most 20 passwords per 5 minutes through
 *   a client however many accounts it spreads them over, fewer once the backoff starts;
 * - 100 per address: a NAT in front of an office may carry many honest people, so 10x the above;
 * - 1,000 per client: well above the failures an honest user base produces in 5 minutes.
 * A block lasts 5 minutes and doubles with each repeat within a day, up to an hour (S-6: temporary,
 * with backoff, so it is never a permanent lock anyone can cause).
 */
export const ABUSE_POLICIES: Record<AbuseSubjectKind, AbusePolicy> = {
  client_ip: { limit: 20, windowSeconds: 300, maxBlockSeconds: 3600 },
  ip: { limit: 100, windowSeconds: 300, maxBlockSeconds: 3600 },
  client: { limit: 1000, windowSeconds: 300, maxBlockSeconds: 3600 },
};

/**
 * Used when the request carries no source address (`CF-Connecting-IP` is set by Cloudflare's edge on
 * every request from the internet; it is absent under `wrangler dev` and in tests unless sent, and
 * for calls through a service binding whose caller does not forward it). Such requests share one
 * address bucket, so the per-address limit still applies to them.
 */
export const UNKNOWN_SOURCE = 'unknown';

/** A refused attempt: too many recent failures of one subject. Faces answer 429 with `Retry-After`. */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfter: number) {
    super('rate_limited', `too many failed attempts; retry after ${retryAfter} seconds`);
  }
}

export interface Attempt {
  /** The normalised source address (see `sourceKey`), or `UNKNOWN_SOURCE`. */
  source: string;
  /** The client id the request names (possibly unknown or wrong), when it names one. */
  clientId: string | null;
  /** Which failures of the attempt count: client authentication always; a wrong password only where one is checked. */
  counts: (err: unknown) => boolean;
}

/** Client authentication failed (any grant, introspection, revocation; a wrong tenant secret key at introspection). */
export const clientAuthFailure = (err: unknown) => err instanceof DomainError && (err.code === 'oauth.invalid_client' || err.code === 'unauthorized');

/** Client authentication or the user's password failed (password grant, sign-in form). */
export const passwordFailure = (err: unknown) => clientAuthFailure(err) || (err instanceof DomainError && err.code === 'oauth.invalid_grant');

// Long values (a made-up client id) are stored by digest; ids up to this length stay readable.
const MAX_PLAIN_VALUE = 200;

async function subjectsOf(attempt: Attempt): Promise<AbuseSubject[]> {
  const subjects: AbuseSubject[] = [{ kind: 'ip', value: attempt.source }];
  if (attempt.clientId !== null) {
    subjects.push({ kind: 'client_ip', value: `${attempt.clientId}|${attempt.source}` }, { kind: 'client', value: attempt.clientId });
  }
  return Promise.all(subjects.map(async (s) => (s.value.length > MAX_PLAIN_VALUE ? { ...s, value: `sha256:${await sha256Hex(s.value)}` } : s)));
}

/**
 * Runs `run` unless a subject of the attempt is blocked (then `RateLimitedError`, without running it),
 * and counts its failure against every subject when `attempt.counts` says so. The counters live in
 * durable storage (one Durable Object per subject), so every isolate and location sees the same
 * counts (not only a per-location rate-limit binding).
 */
export async function limitFailures<T>(deps: Deps, tenantId: string, attempt: Attempt, run: () => Promise<T>): Promise<T> {
  const subjects = await subjectsOf(attempt);
  const nowMs = deps.clock.now().getTime();
  const verdicts = await Promise.all(subjects.map((s) => deps.abuse.check(tenantId, s, nowMs)));
  const retryAfter = Math.max(0, ...verdicts.filter((v) => !v.allowed).map((v) => v.retryAfter));
  if (retryAfter > 0) throw new RateLimitedError(retryAfter);
  try {
    return await run();
  } catch (err) {
    if (attempt.counts(err)) {
      const at = deps.clock.now().getTime();
      await Promise.all(subjects.map((s) => deps.abuse.record(tenantId, s, ABUSE_POLICIES[s.kind], at)));
    }
    throw err;
  }
}

/**
 * The counter key of a source address: IPv4 as is; IPv6 by its /64 prefix, because one subscriber
 * usually holds a whole /64 and could otherwise rotate addresses within it. Anything else (absent,
 * malformed) is `UNKNOWN_SOURCE`.
 */
export function sourceKey(address: string | undefined | null): string {
  const a = address?.trim() ?? '';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(a)) return a;
  if (a.includes(':') && /^[0-9a-fA-F:.]+$/.test(a) && a.length <= 45) {
    const prefix = ipv6Prefix64(a);
    if (prefix) return `${prefix}::/64`;
  }
  return UNKNOWN_SOURCE;
}

function ipv6Prefix64(address: string): string | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) takes two groups.
  const groups = (list: string[]) => list.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const missing = 8 - groups(head) - groups(tail);
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const full = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const first = full.slice(0, 4);
  if (first.length < 4 || first.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return first.map((g) => parseInt(g, 16).toString(16)).join(':');
}
