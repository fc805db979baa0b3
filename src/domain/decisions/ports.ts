import type { TenantRecord } from '../tenants/repository';
import type { CompiledSnapshot } from './compiled';
import type { UserRelationsData } from './snapshot';

/**
 * Where decisions get their data: layered caches (isolate memory, then KV) over D1, keyed by the
 * tenant revision. Implemented in storage/decision-cache.ts.
 */
export interface DecisionCache {
  /** The tenant record and its revision, re-validated against the coordinator at most every REVISION_TTL_MS. */
  tenant(tenantId: string): Promise<{ record: TenantRecord; revision: number } | null>;
  /** Current revision: from isolate memory when recent, from the coordinator when `fresh` or stale. */
  revision(tenantId: string, fresh: boolean): Promise<number>;
  snapshot(tenantId: string, revision: number): Promise<CompiledSnapshot | null>;
  /**
   * A user's relations (null for an unknown user) together with a snapshot of the same state of the
   * tenant (Z-8): `snapshot` itself when nothing it was compiled from changed since, else a later
   * read of the same revision (never older). Decisions combine exactly what this returns.
   */
  userView(tenantId: string, snapshot: CompiledSnapshot, userId: string): Promise<{ snapshot: CompiledSnapshot; user: UserRelationsData | null }>;
  /** A user's relations at `revision`, not tied to a snapshot read (role views of the Apps API). */
  userRelations(tenantId: string, revision: number, userId: string): Promise<UserRelationsData | null>;
  /** Tells this isolate about a revision it produced, so its next check sees it at once (F1). */
  observe(tenantId: string, revision: number): void;
  /** A finished answer to an identical check at the same revision (isolate memory only). */
  recall(key: string): string | undefined;
  remember(key: string, answer: string): void;
}
