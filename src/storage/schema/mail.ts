import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Outgoing mail. The default sender only records messages here (there is no mail transport at the
 * edge); an operator or a test reads them, a configured sender also marks them sent.
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id').notNull(),
    toAddress: text('to_address').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('mail_outbox_tenant_idx').on(t.tenantId, t.id)],
);
