import { sql } from 'drizzle-orm';
import { check, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Refuses every row (CHECK false). A batch that must fail when a condition holds in its own
 * transaction — a rule no index can state, such as a role name unique only among the roles the
 * Identity API and control plane name — ends with an INSERT … SELECT into this table that selects a
 * row exactly when the rule is broken; the constraint error then rolls the whole batch back.
 * Never holds a row.
 */
export const writeGuards = sqliteTable('write_guards', { rule: text('rule').notNull() }, () => [check('write_guards_refuse_every_row', sql`0`)]);
