import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import type { EmailRepository } from '../../domain/identity/emails';
import { asOp, type Db } from '../db';
import { userEmails } from '../schema';

const e = userEmails;
const view = { id: e.id, address: e.address, verified: e.verified, createdAt: e.createdAt, updatedAt: e.updatedAt };

/**
 * `user_emails`: one row per address; `verification_token_hash` = SHA-256 (hex) of the pending
 * token's secret, `verification_expires_at` its expiry in epoch seconds (both null when none is
 * pending). Addresses are unique per tenant, compared with `lower()`: there is no unique index, so
 * the writes themselves refuse a taken address (`NOT EXISTS` in the same statement; SQLite runs
 * one writer at a time) and the domain reads back whether its write happened.
 */
export function createEmailRepository(db: Db): EmailRepository {
  const mine = (tenantId: string) => eq(e.tenantId, tenantId);
  const taken = (tenantId: string, address: string, exceptId?: number): SQL =>
    sql`EXISTS (SELECT 1 FROM user_emails o WHERE o.tenant_id = ${tenantId} AND lower(o.address) = lower(${address})${exceptId === undefined ? sql`` : sql` AND o.id <> ${exceptId}`})`;
  return {
    async find(tenantId, userId, id) {
      return (await db.select(view).from(e).where(and(mine(tenantId), eq(e.userId, userId), eq(e.id, id))).limit(1))[0] ?? null;
    },
    async findPending(tenantId, id) {
      const row = (
        await db
          .select({ ...view, userId: e.userId, tokenHash: e.verificationTokenHash, expiresAt: e.verificationExpiresAt })
          .from(e)
          .where(and(mine(tenantId), eq(e.id, id)))
          .limit(1)
      )[0];
      if (!row) return null;
      const { userId, tokenHash, expiresAt, ...email } = row;
      return { email, userId, tokenHash, expiresAt };
    },
    async ownerOf(tenantId, address) {
      return (await db.select({ id: e.id, userId: e.userId }).from(e).where(and(mine(tenantId), sql`lower(${e.address}) = lower(${address})`)).orderBy(e.id).limit(1))[0] ?? null;
    },
    async countOf(tenantId, userId) {
      return (await db.select({ n: count() }).from(e).where(and(mine(tenantId), eq(e.userId, userId))))[0]?.n ?? 0;
    },
    insert(tenantId, r) {
      // INSERT … SELECT lists every column in table order (`id` null: the next autoincrement id).
      return asOp(
        db
          .insert(e)
          .select(
            sql`SELECT NULL, ${tenantId}, ${r.userId}, ${r.address}, 0, ${r.tokenHash}, ${r.expiresAt}, ${r.at}, ${r.at} WHERE NOT ${taken(tenantId, r.address)}`,
          ),
      );
    },
    changeAddress(tenantId, id, r) {
      return asOp(
        db
          .update(e)
          .set({ address: r.address, verified: false, verificationTokenHash: r.tokenHash, verificationExpiresAt: r.expiresAt, updatedAt: r.at })
          .where(and(mine(tenantId), eq(e.id, id), sql`NOT ${taken(tenantId, r.address, id)}`)),
      );
    },
    setPending(tenantId, id, tokenHash, expiresAt) {
      return asOp(db.update(e).set({ verificationTokenHash: tokenHash, verificationExpiresAt: expiresAt }).where(and(mine(tenantId), eq(e.id, id))));
    },
    async markVerified(tenantId, id, at, tokenHash) {
      const rows = await db
        .update(e)
        .set({ verified: true, verificationTokenHash: null, verificationExpiresAt: null, updatedAt: at })
        .where(and(mine(tenantId), eq(e.id, id), ...(tokenHash === undefined ? [] : [eq(e.verificationTokenHash, tokenHash)])))
        .returning({ id: e.id });
      return rows.length === 1;
    },
    delete(tenantId, id) {
      return asOp(db.delete(e).where(and(mine(tenantId), eq(e.id, id))));
    },
  };
}
