import { forgetJwks } from '../keys/jwks';
import type { SigningKeyRecord } from '../keys/signing-key';
import type { Deps, WriteOp } from '../ports';
import { ACCESS_TOKEN_TTL_SECONDS } from '../tokens/access-token';

/**
 * Lifecycle: rows that can no longer change any answer are deleted on a schedule (the Worker's
 * cron trigger, or `POST /admin/v1/maintenance/purge`), so D1 holds only what is live.
 *
 * What "can no longer matter" means, per table (every cutoff is `now - PURGE_GRACE_SECONDS`, so a
 * request racing the purge at the expiry boundary, clock skew between isolates, and the verifier's
 * skew allowance are all covered):
 * - `authorization_codes`: past `expires_at`. An expired code is refused before it is claimed, and
 *   its replay no longer revokes anything, so a purged code answers `invalid_grant` as it did.
 * - `refresh_tokens`: past `expires_at` (revoked ones included): refused either way, and every
 *   access token issued with them (1 h) expired long before them (30 days).
 * - `revoked_tokens`: past `expires_at`, the revoked access token's own `exp`: it fails
 *   verification on its expiry already.
 * - `mail_outbox`: older than `MAIL_RETENTION_SECONDS`, sent or not (nothing retries unsent mail,
 *   and every token a message carries has expired by then).
 * - `signing_keys`: a retired key, once `RETIRED_KEY_RETENTION_SECONDS` have passed since the
 *   tenant's coordinator first saw it retired (see `retiredKeyPruning`); active and pending keys
 *   are never deleted. The coordinator republishes the JWKS.
 *
 * Each table is purged oldest rows first, in batches of `PURGE_BATCH_ROWS`, at most
 * `PURGE_MAX_BATCHES` per run: at most 4 × 8 + 1 D1 queries and 10 Durable Object calls, inside
 * even the free plan's 50 per invocation, whatever the tables' sizes. A run that hits a budget
 * reports `complete: false` and the next one continues.
 */
export const PURGE_GRACE_SECONDS = 3600;
export const MAIL_RETENTION_SECONDS = 7 * 24 * 3600;
/**
 * How long a retired key stays after it was first seen retired: the longest-lived token it can
 * have signed (access and ID tokens live ACCESS_TOKEN_TTL_SECONDS), plus the grace, which also
 * covers the minute an isolate may keep signing with a key after its successor took over.
 */
export const RETIRED_KEY_RETENTION_SECONDS = ACCESS_TOKEN_TTL_SECONDS + PURGE_GRACE_SECONDS;
export const PURGE_BATCH_ROWS = 1000;
export const PURGE_MAX_BATCHES = 8;
/** Tenants whose retired keys are looked at per run (oldest retired keys first). */
export const PURGE_MAX_KEY_TENANTS = 10;

export const purgedTables = ['authorization_codes', 'refresh_tokens', 'revoked_tokens', 'mail_outbox', 'signing_keys'] as const;
export type PurgedTable = (typeof purgedTables)[number];

export interface PurgeReport {
  deleted: Record<PurgedTable, number>;
  /** False when a budget was reached and rows may remain for the next run. */
  complete: boolean;
}

/** Storage side of the purge: each delete removes at most `limit` rows and says how many went. */
export interface LifecycleRepository {
  /** Codes with `expires_at < cutoff` (epoch seconds). */
  deleteExpiredCodes(cutoff: number, limit: number): Promise<number>;
  /** Refresh tokens with `expires_at < cutoff`. */
  deleteExpiredRefreshTokens(cutoff: number, limit: number): Promise<number>;
  /** Revocation markers with `expires_at < cutoff`. */
  deleteExpiredRevocations(cutoff: number, limit: number): Promise<number>;
  /** Outbox rows created before `cutoff` (ISO 8601). */
  deleteMailBefore(cutoff: string, limit: number): Promise<number>;
  /** Tenants holding retired signing keys, the one with the oldest such key first. */
  tenantsWithRetiredKeys(limit: number): Promise<string[]>;
  /** Deletes retired keys `kids` of the tenant (never an active or pending one). */
  deleteRetiredKeys(tenantId: string, kids: string[]): WriteOp;
}

/**
 * Which of a tenant's keys the coordinator may delete now. `seen` maps a kid to when (epoch ms) it
 * was first seen retired; a retired key without a record gets one now (`stamp`), which is never
 * earlier than its real retirement, so the retention is counted conservatively. `forget` lists
 * records whose key is no longer retired or no longer exists.
 */
export function retiredKeyPruning(
  keys: Pick<SigningKeyRecord, 'kid' | 'status'>[],
  seen: ReadonlyMap<string, number>,
  nowMs: number,
): { stamp: string[]; prune: string[]; forget: string[] } {
  const retired = new Set(keys.filter((k) => k.status === 'retired').map((k) => k.kid));
  const stamp: string[] = [];
  const prune: string[] = [];
  for (const kid of retired) {
    const at = seen.get(kid);
    if (at === undefined) stamp.push(kid);
    else if (nowMs - at >= RETIRED_KEY_RETENTION_SECONDS * 1000) prune.push(kid);
  }
  const forget = [...seen.keys()].filter((kid) => !retired.has(kid));
  return { stamp, prune, forget };
}

/** Deletes in batches until a batch comes back short or the budget is used; `more` when it was. */
async function drain(batch: (limit: number) => Promise<number>): Promise<{ deleted: number; more: boolean }> {
  let deleted = 0;
  for (let i = 0; i < PURGE_MAX_BATCHES; i++) {
    const n = await batch(PURGE_BATCH_ROWS);
    deleted += n;
    if (n < PURGE_BATCH_ROWS) return { deleted, more: false };
  }
  return { deleted, more: true };
}

/** One purge run over every tenant (see the module comment for what goes). */
export async function purgeExpired(deps: Deps, now: Date = deps.clock.now()): Promise<PurgeReport> {
  const repo = deps.repos.lifecycle;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const cutoff = nowSeconds - PURGE_GRACE_SECONDS;
  const mailCutoff = new Date((nowSeconds - MAIL_RETENTION_SECONDS) * 1000).toISOString();
  const steps: [PurgedTable, (limit: number) => Promise<number>][] = [
    ['authorization_codes', (limit) => repo.deleteExpiredCodes(cutoff, limit)],
    ['refresh_tokens', (limit) => repo.deleteExpiredRefreshTokens(cutoff, limit)],
    ['revoked_tokens', (limit) => repo.deleteExpiredRevocations(cutoff, limit)],
    ['mail_outbox', (limit) => repo.deleteMailBefore(mailCutoff, limit)],
  ];
  const report: PurgeReport = {
    deleted: { authorization_codes: 0, refresh_tokens: 0, revoked_tokens: 0, mail_outbox: 0, signing_keys: 0 },
    complete: true,
  };
  for (const [table, batch] of steps) {
    const { deleted, more } = await drain(batch);
    report.deleted[table] = deleted;
    if (more) report.complete = false;
  }
  // Keys: the coordinator of each tenant is their only writer; it decides and republishes the JWKS.
  const tenants = await repo.tenantsWithRetiredKeys(PURGE_MAX_KEY_TENANTS);
  for (const tenantId of tenants) {
    const pruned = await deps.coordinator.pruneKeys(tenantId, now.getTime());
    if (pruned > 0) forgetJwks(tenantId);
    report.deleted.signing_keys += pruned;
  }
  if (tenants.length === PURGE_MAX_KEY_TENANTS) report.complete = false;
  return report;
}
