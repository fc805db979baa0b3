import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Role API v3 model. Every table is keyed by tenant first so that no query can cross tenants
 * by accident. Conditions are stored as JSON arrays of
 * {attributeId, attributeOperatorTypeCode, attributeValues}.
 */

export const scopes = sqliteTable(
  'scopes',
  {
    tenantId: text('tenant_id').notNull(),
    scopeId: text('scope_id').notNull(),
    description: text('description'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.scopeId] })],
);

export const users = sqliteTable(
  'users',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    description: text('description'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] })],
);

export const userRoleRelations = sqliteTable(
  'user_role_relations',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    roleId: text('role_id').notNull(),
    scopeId: text('scope_id').notNull(),
    policy: text('policy', { enum: ['ALLOW', 'DENY'] }).notNull(),
    conditions: text('conditions').notNull().default('[]'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.roleId, t.scopeId] }),
    index('urr_role_idx').on(t.tenantId, t.roleId),
    index('urr_scope_idx').on(t.tenantId, t.scopeId),
  ],
);

export const userHistories = sqliteTable(
  'user_histories',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id').notNull(),
    command: text('command', { enum: ['USER_ADD', 'ADD', 'REMOVE', 'USER_REMOVE'] }).notNull(),
    userId: text('user_id').notNull(),
    roleId: text('role_id'),
    scopeId: text('scope_id'),
    policy: text('policy'),
    conditions: text('conditions').notNull().default('[]'),
    executionTime: text('execution_time').notNull(),
    operatorUuid: text('operator_uuid'),
  },
  (t) => [index('uh_user_idx').on(t.tenantId, t.userId, t.seq)],
);

export const roles = sqliteTable(
  'roles',
  {
    tenantId: text('tenant_id').notNull(),
    roleId: text('role_id').notNull(),
    roleName: text('role_name'),
    roleGroup: text('role_group'),
    description: text('description'),
    exposureOrder: integer('exposure_order').notNull().default(0),
    createdAt: text('created_at').notNull(),
    /** Set by the Identity API and the control plane; null means never updated (= createdAt). */
    updatedAt: text('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.roleId] })],
);

export const roleRelations = sqliteTable(
  'role_relations',
  {
    tenantId: text('tenant_id').notNull(),
    roleId: text('role_id').notNull(),
    relatedRoleId: text('related_role_id').notNull(),
    policy: text('policy', { enum: ['ALLOW', 'DENY'] }).notNull(),
    conditions: text('conditions').notNull().default('[]'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.roleId, t.relatedRoleId] }),
    index('rr_related_idx').on(t.tenantId, t.relatedRoleId),
  ],
);

export const roleTags = sqliteTable(
  'role_tags',
  {
    tenantId: text('tenant_id').notNull(),
    roleId: text('role_id').notNull(),
    roleTagId: text('role_tag_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.roleId, t.roleTagId] }),
    index('rt_tag_idx').on(t.tenantId, t.roleTagId),
  ],
);

export const operations = sqliteTable(
  'operations',
  {
    tenantId: text('tenant_id').notNull(),
    operationId: text('operation_id').notNull(),
    description: text('description'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.operationId] })],
);

export const resources = sqliteTable(
  'resources',
  {
    tenantId: text('tenant_id').notNull(),
    resourceId: text('resource_id').notNull(),
    path: text('path').notNull(),
    uiPath: text('ui_path').notNull(),
    name: text('name'),
    description: text('description'),
    priority: integer('priority').notNull(),
    metadata: text('metadata'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.resourceId] }),
    uniqueIndex('resources_path_uq').on(t.tenantId, t.path),
    uniqueIndex('resources_ui_path_uq').on(t.tenantId, t.uiPath),
  ],
);

export const resourceAuthorizations = sqliteTable(
  'resource_authorizations',
  {
    tenantId: text('tenant_id').notNull(),
    resourceId: text('resource_id').notNull(),
    roleId: text('role_id').notNull(),
    operationId: text('operation_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.resourceId, t.roleId, t.operationId] }),
    index('ra_role_idx').on(t.tenantId, t.roleId),
    index('ra_operation_idx').on(t.tenantId, t.operationId),
  ],
);

export const attributes = sqliteTable(
  'attributes',
  {
    tenantId: text('tenant_id').notNull(),
    attributeId: text('attribute_id').notNull(),
    attributeName: text('attribute_name'),
    description: text('description'),
    dataType: text('data_type', {
      enum: ['STRING', 'NUMERIC', 'DAY_OF_WEEK', 'DATETIME', 'TIME', 'IPADDRESS', 'BOOLEAN'],
    }).notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.attributeId] })],
);

export const attributeRoles = sqliteTable(
  'attribute_roles',
  {
    tenantId: text('tenant_id').notNull(),
    attributeId: text('attribute_id').notNull(),
    roleId: text('role_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.attributeId, t.roleId] }),
    index('ar_role_idx').on(t.tenantId, t.roleId),
  ],
);

export const attributeTags = sqliteTable(
  'attribute_tags',
  {
    tenantId: text('tenant_id').notNull(),
    attributeId: text('attribute_id').notNull(),
    attributeTagId: text('attribute_tag_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.attributeId, t.attributeTagId] }),
    index('at_tag_idx').on(t.tenantId, t.attributeTagId),
  ],
);
