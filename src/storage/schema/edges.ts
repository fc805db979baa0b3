import { index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Edges: machine identities (intdash). An edge is a principal — the Role API `users` row with
 * user_id = edge_id — and signs in as the OAuth client with client_id = edge_id (its secrets are
 * that client's secrets, digests only).
 */
export const edges = sqliteTable(
  'edges',
  {
    tenantId: text('tenant_id').notNull(),
    edgeId: text('edge_id').notNull(),
    ownerUserId: text('owner_user_id'),
    name: text('name').notNull(),
    nickname: text('nickname').notNull().default(''),
    description: text('description').notNull().default(''),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.edgeId] }), uniqueIndex('edges_name_uq').on(t.tenantId, t.name), index('edges_owner_idx').on(t.tenantId, t.ownerUserId)],
);
