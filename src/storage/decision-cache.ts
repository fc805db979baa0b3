import { compileSnapshot, type CompiledSnapshot } from '../domain/decisions/compiled';
import type { DecisionCache } from '../domain/decisions/ports';
import { snapshotFromRows, type TenantSnapshotData, type UserRelationsData } from '../domain/decisions/snapshot';
import type { Coordinator } from '../domain/ports';
import type { TenantRecord, TenantRepository } from '../domain/tenants/repository';
import { markDegraded, owedBumps, ServiceUnavailableError } from './availability';
import type { Db } from './db';
import { readTenantRecord } from './repositories/tenants';
import { readChangesSince, readSnapshotAndUser, readSnapshotRows, readUserRelations, type ChangesSince, type Seen } from './snapshot-source';

/**
 * Layered decision caches. Storage layout:
 *
 * - isolate memory (module scope, so shared by every request an isolate serves):
 *   - `revisions`: appKey -> {revision, checkedAt, confirmedAt, failing}; trusted for
 *     REVISION_TTL_MS, then re-read from the tenant's coordinator (Durable Object). Writes made by
 *     this isolate update it at once. When the coordinator cannot be reached, the last confirmed
 *     revision goes on serving checks for COORDINATOR_GRACE_MS (and the request writes nothing).
 *   - `tenants`: appKey -> tenant record, the revision it is current for and the `snapshot_seq` it
 *     was read at. When the revision moves, the counters read for the move (below) tell whether the
 *     row changed (every column of it counts, migration 0017): if not, the record is carried to
 *     the new revision; else it is read again (secret rotation, config changes, deletion).
 *   - `snapshots`: appKey -> the compiled snapshot of the newest revision seen; `snapshotSeqs`
 *     remembers which `tenants.snapshot_seq` each compiled snapshot was read at.
 *   - `users`: `${appKey}\0${userId}` -> relations and the `snapshot_seq` they were read at (LRU,
 *     USER_CACHE_ENTRIES), valid for the revision `userGenerations` names for the tenant. When the
 *     isolate moves to a newer revision it reads, with the counters, which users changed since
 *     (the `user_changes` log, migration 0013) and drops only those: a write touching one user
 *     does not cost every other user a D1 read on every isolate.
 *   - `answers`: caller-built keys that include appKey, revision, user and the request body ->
 *     the finished response body (LRU, ANSWER_CACHE_ENTRIES): hot decisions cost no evaluation.
 * - KV (`CACHE`): `snap:v4:{appKey}:{revision}` -> TenantSnapshotData plus `seq` and `userSeq` as JSON, expiring
 *   after max(60 s, cacheTtl). A key never changes once written (its revision is in the key), so
 *   KV's eventual consistency can only cause a miss, never a stale answer; nothing is ever deleted.
 *   KV failing is a miss (reads go to D1).
 * - D1: the source of truth, read only when both layers miss.
 *
 * Snapshot isolation (Z-8): a decision combines a snapshot and one user's relations, read at
 * different times. `userView` hands them out only when both were read at the same
 * `snapshot_seq` (no change to the snapshot tables in between, so together they are one state of
 * the tenant); otherwise it reads both again in one D1 batch.
 */
export const REVISION_TTL_MS = 1000;
/** How long checks go on from the last confirmed revision while the coordinator is unreachable. */
export const COORDINATOR_GRACE_MS = 60_000;
const USER_CACHE_ENTRIES = 50_000;
/** A move that changed more users than this drops every cached user of the tenant instead of reading the list. */
const CHANGE_LOG_LIMIT = 500;
const ANSWER_CACHE_ENTRIES = 20_000;
/** Bodies larger than this are not remembered (a 1000-item batch answer is not worth the memory). */
const ANSWER_MAX_CHARS = 16_384;
/** KV's minimum expirationTtl is 60 seconds. */
const KV_MIN_EXPIRATION_TTL_SECONDS = 60;

interface RevisionMemo {
  revision: number;
  /** When the coordinator was last asked (successfully or not). */
  checkedAt: number;
  /** When the coordinator last answered. */
  confirmedAt: number;
  /** The last attempt failed. */
  failing: boolean;
}

const revisions = new Map<string, RevisionMemo>();
const tenantRecords = new Map<string, { record: TenantRecord | null; revision: number; checkedAt: number; seq: number }>();
/** The counters and change log read for a tenant's latest move, so the tenant record and the snapshot share one read. */
const lastMoves = new Map<string, { revision: number; changes: ChangesSince }>();
const snapshots = new Map<string, CompiledSnapshot>();
const snapshotSeqs = new WeakMap<CompiledSnapshot, number>();
/**
 * Which revision a tenant's cached user relations are current for. Replaced (never mutated) on
 * every move, so a read can tell whether a move happened while it ran: only a read that began and
 * ended under the same generation is cached (it then reflects that generation's revision).
 * `epoch` changes when everything cached is dropped; `userSeq` is the tenant's `user_seq` at the
 * move (or a lower bound of it), where the next move's change-log read starts.
 */
interface UserGeneration {
  epoch: number;
  revision: number;
  userSeq: number;
}
type CachedUser = Seen<UserRelationsData | null> & { epoch: number };

const users = new Map<string, CachedUser>();
const userGenerations = new Map<string, UserGeneration>();
let epochs = 0;
const answers = new Map<string, string>();

function touch<V>(map: Map<string, V>, key: string): V | undefined {
  const hit = map.get(key);
  if (hit !== undefined) {
    map.delete(key);
    map.set(key, hit); // most recently used last
  }
  return hit;
}

function bounded<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value!);
}

const kvKey = (tenantId: string, revision: number) => `snap:v4:${tenantId}:${revision}`;
const userKey = (tenantId: string, userId: string) => `${tenantId}\u0000${userId}`;

type KvSnapshot = TenantSnapshotData & { seq: number; userSeq: number };

/** Drops every cached user of the tenant (a new epoch) unless a generation of `revision` or later is held. */
function resetUsers(tenantId: string, revision: number, userSeq: number): void {
  const held = userGenerations.get(tenantId);
  if (held && held.revision >= revision) return;
  userGenerations.set(tenantId, { epoch: ++epochs, revision, userSeq });
}

/** A cached user current for `revision` or later. */
function cachedUser(tenantId: string, userId: string, revision: number): CachedUser | undefined {
  const generation = userGenerations.get(tenantId);
  if (!generation || generation.revision < revision) return undefined;
  const hit = touch(users, userKey(tenantId, userId));
  return hit && hit.epoch === generation.epoch ? hit : undefined;
}

/** Caches a read that began under `began`, if no move happened meanwhile. */
function keepUser(tenantId: string, userId: string, read: Seen<UserRelationsData | null>, began: UserGeneration | undefined): void {
  if (began && userGenerations.get(tenantId) === began) bounded(users, userKey(tenantId, userId), { ...read, epoch: began.epoch }, USER_CACHE_ENTRIES);
}

/** Keeps `compiled` as the tenant's newest snapshot unless a newer revision, or a later read of the same one, is held. */
function hold(compiled: CompiledSnapshot, seq: number): void {
  snapshotSeqs.set(compiled, seq);
  const newest = snapshots.get(compiled.tenantId);
  if (!newest || newest.revision < compiled.revision || (newest.revision === compiled.revision && (snapshotSeqs.get(newest) ?? -1) < seq)) {
    snapshots.set(compiled.tenantId, compiled);
  }
}

export function createDecisionCache(deps: { db: Db; kv: KVNamespace; coordinator: Coordinator; tenants: TenantRepository; now: () => number }): DecisionCache {
  const { db, kv, coordinator, now } = deps;

  /**
   * The tenant's revision. `ask`: ask the coordinator even when the memo is recent. `confirm`: the
   * answer must come from the coordinator (X-Min-Revision); otherwise a failing coordinator leaves
   * the last confirmed revision in force for COORDINATOR_GRACE_MS, and marks the request degraded.
   */
  async function current(tenantId: string, opts: { ask: boolean; confirm: boolean }): Promise<number> {
    const known = revisions.get(tenantId);
    const t = now();
    if (!opts.ask && !opts.confirm && known && t - known.checkedAt < REVISION_TTL_MS) {
      if (known.failing) markDegraded(db);
      return known.revision;
    }
    let answered: number;
    try {
      if (owedBumps.has(tenantId)) {
        // A write of this isolate landed without its bump: bump now, so caches of the old revision retire.
        answered = await coordinator.bumpRevision(tenantId);
        owedBumps.delete(tenantId);
      } else {
        answered = await coordinator.currentRevision(tenantId);
      }
    } catch (err) {
      markDegraded(db);
      if (opts.confirm || !known || t - known.confirmedAt >= COORDINATOR_GRACE_MS) {
        throw err instanceof ServiceUnavailableError ? err : new ServiceUnavailableError('the tenant coordinator is unavailable', { cause: err });
      }
      known.checkedAt = t;
      known.failing = true;
      return known.revision;
    }
    // A later write observed meanwhile may already have raised it; revisions only grow.
    const latest = Math.max(answered, revisions.get(tenantId)?.revision ?? 0);
    revisions.set(tenantId, { revision: latest, checkedAt: now(), confirmedAt: now(), failing: false });
    return latest;
  }

  async function loadSnapshot(tenantId: string, rev: number): Promise<{ data: TenantSnapshotData; bytes: number; seq: number; userSeq: number } | null> {
    const cached = await kv.get(kvKey(tenantId, rev)).catch(() => null);
    if (cached) {
      const data = JSON.parse(cached) as KvSnapshot;
      if (data.version === 2 && data.revision === rev && typeof data.seq === 'number' && typeof data.userSeq === 'number') {
        return { data, bytes: cached.length, seq: data.seq, userSeq: data.userSeq };
      }
    }
    const rows = await readSnapshotRows(db, tenantId);
    const data = snapshotFromRows(tenantId, rev, rows.value);
    if (!data) return null;
    const text = JSON.stringify({ ...data, seq: rows.seq, userSeq: rows.userSeq } satisfies KvSnapshot);
    const ttl = Math.max(KV_MIN_EXPIRATION_TTL_SECONDS, data.config.cacheTtl);
    // KV is an optimisation: failing to fill it must not fail the check.
    await kv.put(kvKey(tenantId, rev), text, { expirationTtl: ttl }).catch(() => undefined);
    return { data, bytes: text.length, seq: rows.seq, userSeq: rows.userSeq };
  }

  /**
   * Moves the tenant's cached users to `rev`: one D1 batch reads both counters and the users changed
   * since the held generation; those are dropped, every other user stays. The answer is kept for
   * `rev`, so the tenant record, the snapshot and the users of one move share one read. Null for an
   * unknown tenant.
   */
  async function moveUsers(tenantId: string, rev: number): Promise<ChangesSince | null> {
    const known = lastMoves.get(tenantId);
    if (known && known.revision === rev) return known.changes;
    const changes = await readMove(tenantId, rev);
    if (changes && (lastMoves.get(tenantId)?.revision ?? -1) <= rev) lastMoves.set(tenantId, { revision: rev, changes });
    return changes;
  }

  async function readMove(tenantId: string, rev: number): Promise<ChangesSince | null> {
    const from = userGenerations.get(tenantId);
    const changes = await readChangesSince(db, tenantId, from?.userSeq ?? 0, from ? CHANGE_LOG_LIMIT : 0);
    if (!changes) return null;
    if (from && changes.changedUsers) {
      for (const userId of changes.changedUsers) users.delete(userKey(tenantId, userId));
      // Another move finished first: these drops were harmless, and its generation stands unless older.
      if (userGenerations.get(tenantId) === from) {
        userGenerations.set(tenantId, { epoch: from.epoch, revision: Math.max(rev, from.revision), userSeq: changes.userSeq });
        return changes;
      }
    }
    resetUsers(tenantId, rev, changes.userSeq);
    return changes;
  }

  return {
    async tenant(tenantId) {
      const memo = tenantRecords.get(tenantId);
      if (memo && now() - memo.checkedAt < REVISION_TTL_MS) {
        if (memo.record && revisions.get(tenantId)?.failing) markDegraded(db);
        return memo.record ? { record: memo.record, revision: memo.revision } : null;
      }
      if (memo?.record) {
        const rev = await current(tenantId, { ask: true, confirm: false });
        if (rev === memo.revision) {
          memo.checkedAt = now();
          return { record: memo.record, revision: rev };
        }
        // The revision moved: the move's counters (read once, shared with the snapshot) say whether the row did.
        const changes = await moveUsers(tenantId, rev);
        if (changes && changes.snapshotSeq === memo.seq) {
          tenantRecords.set(tenantId, { record: memo.record, revision: rev, checkedAt: now(), seq: memo.seq });
          return { record: memo.record, revision: rev };
        }
      }
      const read = await readTenantRecord(db, tenantId);
      // Unknown appKeys are remembered briefly too, without waking a Durable Object for them.
      const rev = read ? await current(tenantId, { ask: !memo?.record, confirm: false }) : 0;
      tenantRecords.set(tenantId, { record: read?.record ?? null, revision: rev, checkedAt: now(), seq: read?.seq ?? -1 });
      return read ? { record: read.record, revision: rev } : null;
    },
    revision: (tenantId, fresh) => current(tenantId, { ask: fresh, confirm: fresh }),
    async snapshot(tenantId, rev) {
      const held = snapshots.get(tenantId);
      if (held && held.revision === rev) return held;
      // Most writes (a user's relations, clients, tokens, accounts) leave the snapshot tables as they
      // were: one tiny read of the counters then carries the held snapshot (and every cached user the
      // write did not touch) to the new revision instead of a rebuild. The counters are read after
      // `rev`'s write landed, so equal means current.
      if (held && held.revision < rev) {
        const changes = await moveUsers(tenantId, rev);
        if (changes && changes.snapshotSeq === snapshotSeqs.get(held)) {
          const carried: CompiledSnapshot = { ...held, revision: rev };
          hold(carried, changes.snapshotSeq);
          return carried;
        }
      }
      const loaded = await loadSnapshot(tenantId, rev);
      if (!loaded) return null;
      const compiled = compileSnapshot(loaded.data, loaded.bytes);
      hold(compiled, loaded.seq);
      resetUsers(tenantId, rev, loaded.userSeq);
      return compiled;
    },
    async userView(tenantId, snapshot, userId) {
      const seq = snapshotSeqs.get(snapshot);
      const cached = cachedUser(tenantId, userId, snapshot.revision);
      if (cached && cached.seq === seq) return { snapshot, user: cached.value };
      const began = userGenerations.get(tenantId);
      const read = await readUserRelations(db, tenantId, userId);
      keepUser(tenantId, userId, read, began);
      if (read.seq === seq) return { snapshot, user: read.value };
      // The snapshot tables changed between the two reads. A later read of the snapshot may be held already…
      const held = snapshots.get(tenantId);
      if (held && held.revision >= snapshot.revision && snapshotSeqs.get(held) === read.seq) return { snapshot: held, user: read.value };
      // …otherwise both are read again, together.
      const both = await readSnapshotAndUser(db, tenantId, userId);
      const data = snapshotFromRows(tenantId, snapshot.revision, both.snapshot.value);
      if (!data) return { snapshot, user: null }; // the tenant is gone: nobody holds anything
      const compiled = compileSnapshot(data, JSON.stringify(data).length);
      hold(compiled, both.snapshot.seq);
      keepUser(tenantId, userId, both.user, began);
      return { snapshot: compiled, user: both.user.value };
    },
    async userRelations(tenantId, rev, userId) {
      if ((userGenerations.get(tenantId)?.revision ?? -1) < rev) await moveUsers(tenantId, rev);
      const cached = cachedUser(tenantId, userId, rev);
      if (cached) return cached.value;
      const began = userGenerations.get(tenantId);
      const read = await readUserRelations(db, tenantId, userId);
      keepUser(tenantId, userId, read, began);
      return read.value;
    },
    recall(key) {
      return touch(answers, key);
    },
    remember(key, answer) {
      if (answer.length <= ANSWER_MAX_CHARS) bounded(answers, key, answer, ANSWER_CACHE_ENTRIES);
    },
    observe(tenantId, rev) {
      const known = revisions.get(tenantId);
      if (!known || known.revision < rev) revisions.set(tenantId, { revision: rev, checkedAt: now(), confirmedAt: now(), failing: false });
      // The held record is checked at the next request (carried if the row did not change).
      const memo = tenantRecords.get(tenantId);
      if (memo && memo.revision !== rev) memo.checkedAt = -Infinity;
    },
  };
}
