import { index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Permissions (intdash scopes, idp-server permissions, OAuth scope values). A permission carries
 * endpoint rules as JSON arrays of {method, path} patterns; roles hold permissions.
 */
export const permissions = sqliteTable(
  'permissions',
  {
    tenantId: text('tenant_id').notNull(),
    permissionId: text('permission_id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    allowedEndpoints: text('allowed_endpoints').notNull().default('[]'),
    deniedEndpoints: text('denied_endpoints').notNull().default('[]'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.permissionId] }), uniqueIndex('permissions_name_uq').on(t.tenantId, t.name)],
);

/** The permissions a role (a Role API role) holds. */
export const rolePermissions = sqliteTable(
  'role_permissions',
  {
    tenantId: text('tenant_id').notNull(),
    roleId: text('role_id').notNull(),
    permissionId: text('permission_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.roleId, t.permissionId] }), index('rp_permission_idx').on(t.tenantId, t.permissionId)],
);
