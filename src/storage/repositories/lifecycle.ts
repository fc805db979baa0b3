import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { LifecycleRepository } from '../../domain/lifecycle/purge';
import { asOp, inList, type Db } from '../db';
import { authorizationCodes, mailOutbox, refreshTokens, revokedTokens, signingKeys } from '../schema';

/**
 * The purge's deletes, across every tenant. Each removes at most `limit` rows, chosen by rowid in
 * a subquery (SQLite's DELETE has no LIMIT in D1), with two bound parameters; rows are found in
 * rowid order, which is about the order they were written and so the order they expire in.
 */
export function createLifecycleRepository(db: Db): LifecycleRepository {
  const deleted = async (query: SQL) => (await db.run(query)).meta.changes ?? 0;
  return {
    deleteExpiredCodes(cutoff, limit) {
      const t = authorizationCodes;
      return deleted(sql`DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} WHERE ${t.expiresAt} < ${cutoff} LIMIT ${limit})`);
    },
    deleteExpiredRefreshTokens(cutoff, limit) {
      const t = refreshTokens;
      return deleted(sql`DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} WHERE ${t.expiresAt} < ${cutoff} LIMIT ${limit})`);
    },
    deleteExpiredRevocations(cutoff, limit) {
      const t = revokedTokens;
      return deleted(sql`DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} WHERE ${t.expiresAt} < ${cutoff} LIMIT ${limit})`);
    },
    deleteMailBefore(cutoff, limit) {
      const t = mailOutbox;
      return deleted(sql`DELETE FROM ${t} WHERE ${t.id} IN (SELECT ${t.id} FROM ${t} WHERE ${t.createdAt} < ${cutoff} ORDER BY ${t.id} LIMIT ${limit})`);
    },
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
