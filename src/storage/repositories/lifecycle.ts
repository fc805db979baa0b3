import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { LifecycleRepository } from '../../domain/lifecycle/purge';
import { asOp, inList, type Db } from '../db';
import { authorizationCodes, mailOutbox, refreshTokens, revokedTokens, signingKeys } from '../schema';

/**
 * The purge's deletes, across every tenant. A batch looks only at the `limit` oldest rows of the
 * table (rowid order, which is write order) and deletes those among them past the cutoff, so a
 * batch costs the same whatever the table's size and never scans it. Every purged table's expiry
 * follows its write order (a fixed lifetime from the write; revocation markers within the hour an
 * access token lives), so the oldest rows are the first to expire; a batch that finds live rows
 * among the oldest ends the run for that table, and they go in a later run. Two bound parameters.
 */
export function createLifecycleRepository(db: Db): LifecycleRepository {
  const deleted = async (query: SQL) => (await db.run(query)).meta.changes ?? 0;
  /** Deletes, of the `limit` oldest rows of `t`, those whose `column` is below `cutoff`. */
  const oldestBelow = (t: SQLiteTable, column: SQLiteColumn, cutoff: number | string, limit: number) =>
    deleted(
      sql`DELETE FROM ${t} WHERE rowid IN (SELECT r FROM (SELECT rowid AS r, ${column} AS v FROM ${t} ORDER BY rowid LIMIT ${limit}) WHERE v < ${cutoff})`,
    );
  return {
    deleteExpiredCodes: (cutoff, limit) => oldestBelow(authorizationCodes, authorizationCodes.expiresAt, cutoff, limit),
    deleteExpiredRefreshTokens: (cutoff, limit) => oldestBelow(refreshTokens, refreshTokens.expiresAt, cutoff, limit),
    deleteExpiredRevocations: (cutoff, limit) => oldestBelow(revokedTokens, revokedTokens.expiresAt, cutoff, limit),
    deleteMailBefore: (cutoff, limit) => oldestBelow(mailOutbox, mailOutbox.createdAt, cutoff, limit),
    async tenantsWithRetiredKeys(limit) {
      const t = signingKeys;
      const rows = await db
        .select({ tenantId: t.tenantId })
        .from(t)
        .where(eq(t.status, 'retired'))
        .groupBy(t.tenantId)
        .orderBy(sql`min(${t.createdAt})`, t.tenantId)
        .limit(limit);
      return rows.map((r) => r.tenantId);
    },
    deleteRetiredKeys(tenantId, kids) {
      const t = signingKeys;
      return asOp(db.delete(t).where(and(eq(t.tenantId, tenantId), eq(t.status, 'retired'), inList(t.kid, kids))));
    },
  };
}
