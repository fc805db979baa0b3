import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const organizations = sqliteTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** A tenant is an isolated namespace; its id is the appKey. Config columns feed the decision engine. */
export const tenants = sqliteTable(
  'tenants',
  {
    appKey: text('app_key').primaryKey(),
    organizationId: text('organization_id').references(() => organizations.id),
    name: text('name').notNull(),
    /** SHA-256 (hex) of the tenant secret; the secret itself is shown once and never stored. */
    secretHash: text('secret_hash').notNull(),
    cacheTtl: integer('cache_ttl').notNull().default(300),
    cacheSize: integer('cache_size').notNull().default(1000000),
    cacheSizeByPath: integer('cache_size_by_path').notNull().default(1000000),
    cacheSizeTree: integer('cache_size_tree').notNull().default(1000000),
    trailingSlashPolicy: text('trailing_slash_policy').notNull().default('NON_IDENTICAL_PATH'),
    cacheFlushTime: text('cache_flush_time').notNull().default(''),
    /** Algorithm of keys created from now on (rotation switches the signing key). */
    signingAlg: text('signing_alg', { enum: ['ES256', 'RS256'] }).notNull().default('ES256'),
    /** Consecutive failed sign-ins that lock an account (intdash sign_in_attempt_count). */
    lockoutThreshold: integer('lockout_threshold').notNull().default(5),
    /**
     * Counts every change to what a tenant snapshot is compiled from (this row's secret and config
     * columns, scopes, role relations, resources, grants, attributes, permissions, role
     * permissions, groups). Kept by SQLite triggers (migration 0012) in the writing transaction
     * itself, so a read that includes it knows which state of those tables it saw (Z-8).
     */
    snapshotSeq: integer('snapshot_seq').notNull().default(0),
    /**
     * Counts every change to what a user's relations are read from (users, user–role relations,
     * group memberships, edges); the same triggers (migration 0013) record in `user_changes` the
     * count at which each user last changed.
     */
    userSeq: integer('user_seq').notNull().default(0),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('tenants_org_idx').on(t.organizationId)],
);

/**
 * The per-user change log: the tenant's `user_seq` at the latest change of each user's relations.
 * An isolate moving to a new revision asks which users changed since the count it last saw and
 * keeps every other user's cached relations (storage/decision-cache.ts). One row per user ever
 * changed, so it stays as large as the tenant's user list; it goes with the tenant.
 */
export const userChanges = sqliteTable(
  'user_changes',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), index('user_changes_seq_idx').on(t.tenantId, t.seq)],
);

export type TenantRow = typeof tenants.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;
