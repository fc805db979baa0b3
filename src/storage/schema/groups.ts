import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Groups (intdash). A group is a Scope of the domain: the `scopes` row with scope_id = group_id is
 * written with it, and a member's roles in the group are user–role relations in that scope.
 */
export const groups = sqliteTable(
  'groups',
  {
    tenantId: text('tenant_id').notNull(),
    groupId: text('group_id').notNull(),
    parentGroupId: text('parent_group_id'),
    name: text('name').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.groupId] }), index('groups_parent_idx').on(t.tenantId, t.parentGroupId)],
);

/** Membership of a user (or edge) in a group; its roles there live in user_role_relations. */
export const groupMembers = sqliteTable(
  'group_members',
  {
    tenantId: text('tenant_id').notNull(),
    groupId: text('group_id').notNull(),
    userId: text('user_id').notNull(),
    isOwner: integer('is_owner', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.groupId, t.userId] }), index('group_members_user_idx').on(t.tenantId, t.userId)],
);
