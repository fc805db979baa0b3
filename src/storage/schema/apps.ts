import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Apps API (PCA ID apps v1). Every table is keyed by tenant first; deleting a tenant clears them
 * with the rest of its rows.
 */

/** OAuth clients of the tenant that the tenant's administrator allowed to call the Apps API. */
export const appAllowedClients = sqliteTable(
  'app_allowed_clients',
  {
    tenantId: text('tenant_id').notNull(),
    clientId: text('client_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.clientId] })],
);

/**
 * Profile images of users and the organization's logo as this tenant shows it. `data` is the image
 * base64-encoded (at most 1 MiB of image, so a row stays well under D1's 2 MB limit); `etag` is
 * the SHA-256 of the bytes.
 */
export const images = sqliteTable(
  'images',
  {
    tenantId: text('tenant_id').notNull(),
    ownerKind: text('owner_kind', { enum: ['user', 'organization'] }).notNull(),
    ownerId: text('owner_id').notNull(),
    contentType: text('content_type').notNull(),
    data: text('data').notNull(),
    size: integer('size').notNull(),
    etag: text('etag').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.ownerKind, t.ownerId] })],
);

/**
 * Service contracts of the tenant's organization, one per service partition: the record the Apps
 * API publishes (through the tenant's Durable Object) at `/contracts/update`. `body` is the JSON of
 * `{status, plan, starts_at, ends_at, attributes}`.
 */
export const contracts = sqliteTable(
  'contracts',
  {
    tenantId: text('tenant_id').notNull(),
    servicePartition: text('service_partition').notNull(),
    body: text('body').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.servicePartition] })],
);
