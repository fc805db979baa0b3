import { compileSnapshot, type CompiledSnapshot } from '../domain/decisions/compiled';
import type { DecisionCache } from '../domain/decisions/ports';
import { snapshotFromRows, type TenantSnapshotData, type UserRelationsData } from '../domain/decisions/snapshot';
import type { Coordinator } from '../domain/ports';
import type { TenantRecord, TenantRepository } from '../domain/tenants/repository';
import type { Db } from './db';
import { readSnapshotRows, readUserRelations } from './snapshot-source';

/**
 * Layered decision caches. Storage layout:
 *
 * - isolate memory (module scope, so shared by every request an isolate serves):
 *   - `revisions`: appKey -> {revision, checkedAt}; trusted for REVISION_TTL_MS, then re-read from
 *     the tenant's coordinator (Durable Object). Writes made by this isolate update it at once.
 *   - `tenants`: appKey -> tenant record and the revision it was read at (reloaded from D1 when
 *     the revision moves: secret rotation, config changes and deletion all bump it).
 *   - `snapshots`: appKey -> the compiled snapshot of the newest revision seen.
 *   - `users`: `${appKey}\0${revision}\0${userId}` -> relations (LRU, USER_CACHE_ENTRIES).
 *   - `answers`: caller-built keys that include appKey, revision, user and the request body ->
 *     the finished response body (LRU, ANSWER_CACHE_ENTRIES): hot decisions cost no evaluation.
 * - KV (`CACHE`): `snap:v2:{appKey}:{revision}` -> TenantSnapshotData as JSON, expiring after
 *   max(60 s, cacheTtl). A key never changes once written (its revision is in the key), so KV's
 *   eventual consistency can only cause a miss, never a stale answer; nothing is ever deleted.
 * - D1: the source of truth, read only when both layers miss.
 */
export const REVISION_TTL_MS = 1000;
const USER_CACHE_ENTRIES = 50_000;
const ANSWER_CACHE_ENTRIES = 20_000;
/** Bodies larger than this are not remembered (a 1000-item batch answer is not worth the memory). */
const ANSWER_MAX_CHARS = 16_384;
/** KV's minimum expirationTtl is 60 seconds. */
const KV_MIN_EXPIRATION_TTL_SECONDS = 60;

const revisions = new Map<string, { revision: number; checkedAt: number }>();
const tenantRecords = new Map<string, { record: TenantRecord | null; revision: number; checkedAt: number }>();
const snapshots = new Map<string, CompiledSnapshot>();
const users = new Map<string, UserRelationsData | null>();
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
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value!);
}

const kvKey = (tenantId: string, revision: number) => `snap:v2:${tenantId}:${revision}`;

export function createDecisionCache(deps: { db: Db; kv: KVNamespace; coordinator: Coordinator; tenants: TenantRepository; now: () => number }): DecisionCache {
  const { db, kv, coordinator, now } = deps;

  async function revision(tenantId: string, fresh: boolean): Promise<number> {
    const known = revisions.get(tenantId);
    if (!fresh && known && now() - known.checkedAt < REVISION_TTL_MS) return known.revision;
    const current = await coordinator.currentRevision(tenantId);
    // A later write observed meanwhile may already have raised it; revisions only grow.
    const latest = Math.max(current, revisions.get(tenantId)?.revision ?? 0);
    revisions.set(tenantId, { revision: latest, checkedAt: now() });
    return latest;
  }

  async function loadSnapshot(tenantId: string, rev: number): Promise<{ data: TenantSnapshotData; bytes: number } | null> {
    const cached = await kv.get(kvKey(tenantId, rev)).catch(() => null);
    if (cached) {
      const data = JSON.parse(cached) as TenantSnapshotData;
      if (data.version === 2 && data.revision === rev) return { data, bytes: cached.length };
    }
    const data = snapshotFromRows(tenantId, rev, await readSnapshotRows(db, tenantId));
    if (!data) return null;
    const text = JSON.stringify(data);
    const ttl = Math.max(KV_MIN_EXPIRATION_TTL_SECONDS, data.config.cacheTtl);
    // KV is an optimisation: failing to fill it must not fail the check.
    await kv.put(kvKey(tenantId, rev), text, { expirationTtl: ttl }).catch(() => undefined);
    return { data, bytes: text.length };
  }

  return {
    async tenant(tenantId) {
      const memo = tenantRecords.get(tenantId);
      if (memo && now() - memo.checkedAt < REVISION_TTL_MS) return memo.record ? { record: memo.record, revision: memo.revision } : null;
      if (memo?.record) {
        const rev = await revision(tenantId, true);
        if (rev === memo.revision) {
          memo.checkedAt = now();
          return { record: memo.record, revision: rev };
        }
      }
      const record = await deps.tenants.find(tenantId);
      // Unknown appKeys are remembered briefly too, without waking a Durable Object for them.
      const rev = record ? await revision(tenantId, !memo?.record) : 0;
      tenantRecords.set(tenantId, { record, revision: rev, checkedAt: now() });
      return record ? { record, revision: rev } : null;
    },
    revision,
    async snapshot(tenantId, rev) {
      const held = snapshots.get(tenantId);
      if (held && held.revision === rev) return held;
      const loaded = await loadSnapshot(tenantId, rev);
      if (!loaded) return null;
      const compiled = compileSnapshot(loaded.data, loaded.bytes);
      const newest = snapshots.get(tenantId);
      if (!newest || newest.revision <= rev) snapshots.set(tenantId, compiled);
      return compiled;
    },
    async userRelations(tenantId, rev, userId) {
      const key = `${tenantId}\u0000${rev}\u0000${userId}`;
      if (users.has(key)) return touch(users, key) ?? null;
      const relations = await readUserRelations(db, tenantId, userId);
      bounded(users, key, relations, USER_CACHE_ENTRIES);
      return relations;
    },
    recall(key) {
      return touch(answers, key);
    },
    remember(key, answer) {
      if (answer.length <= ANSWER_MAX_CHARS) bounded(answers, key, answer, ANSWER_CACHE_ENTRIES);
    },
    observe(tenantId, rev) {
      const known = revisions.get(tenantId);
      if (!known || known.revision < rev) revisions.set(tenantId, { revision: rev, checkedAt: now() });
      const memo = tenantRecords.get(tenantId);
      if (memo && memo.revision !== rev) tenantRecords.delete(tenantId);
    },
  };
}
