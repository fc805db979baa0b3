import { and, asc, count, desc, eq, gt, gte, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Account, AccountRepository, AuthorizationCodeRepository, RefreshTokenRepository, TextMatch } from '../../domain/identity/account';
import { asOp, inList, type Db } from '../db';
import { apiTokens, authorizationCodes, identityAccounts, refreshTokens, revokedTokens, userEmails, userRoleRelations } from '../schema';
import type { ApiTokenRepository } from '../../domain/identity/api-tokens';
import { containsInsensitive, offsetOf } from './sorting';

const a = identityAccounts;

const toAccount = (r: typeof a.$inferSelect): Account => ({
  userId: r.userId,
  name: r.name,
  nickname: r.nickname,
  description: r.description,
  disabled: r.disabled,
  isSuper: r.isSuper,
  passwordHash: r.passwordHash,
  passwordIsTemporary: r.passwordIsTemporary,
  attemptCount: r.attemptCount,
  lastAttemptAt: r.lastAttemptAt,
  passwordCreatedAt: r.passwordCreatedAt,
  passwordUpdatedAt: r.passwordUpdatedAt,
  lastSignInAt: r.lastSignInAt,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

function textMatches(column: SQLiteColumn, matches: TextMatch[]): SQL {
  return or(...matches.map((m) => (m.exact ? eq(column, m.value) : containsInsensitive(column, m.value))))!;
}

export function createAccountRepository(db: Db): AccountRepository {
  const mine = (tenantId: string) => eq(a.tenantId, tenantId);
  return {
    async find(tenantId, userId) {
      const rows = await db.select().from(a).where(and(mine(tenantId), eq(a.userId, userId))).limit(1);
      return rows[0] ? toAccount(rows[0]) : null;
    },
    async findByName(tenantId, name) {
      const rows = await db.select().from(a).where(and(mine(tenantId), eq(a.name, name))).limit(1);
      return rows[0] ? toAccount(rows[0]) : null;
    },
    async list(tenantId, f, page) {
      const conds: SQL[] = [mine(tenantId)];
      if (f.userIds?.length) conds.push(inList(a.userId, f.userIds));
      if (f.names?.length) conds.push(textMatches(a.name, f.names));
      if (f.nicknames?.length) conds.push(textMatches(a.nickname, f.nicknames));
      if (f.disabled !== undefined) conds.push(eq(a.disabled, f.disabled));
      if (f.isSuper !== undefined) conds.push(eq(a.isSuper, f.isSuper));
      if (f.isTemporary !== undefined) conds.push(eq(a.passwordIsTemporary, f.isTemporary));
      if (f.minAttempts !== undefined) conds.push(gte(a.attemptCount, f.minAttempts));
      if (f.maxAttempts !== undefined) conds.push(lte(a.attemptCount, f.maxAttempts));
      if (f.emails?.length) {
        const e = userEmails;
        const match = or(...f.emails.map((m) => (m.exact ? eq(e.address, m.value) : containsInsensitive(e.address, m.value))))!;
        conds.push(sql`EXISTS (SELECT 1 FROM ${e} WHERE ${e.tenantId} = ${tenantId} AND ${e.userId} = ${a.userId} AND ${match})`);
      }
      if (f.roleIds?.length) {
        const u = userRoleRelations;
        conds.push(sql`EXISTS (SELECT 1 FROM ${u} WHERE ${u.tenantId} = ${tenantId} AND ${u.userId} = ${a.userId} AND ${u.scopeId} = 'ALL' AND ${u.policy} = 'ALLOW' AND ${inList(u.roleId, f.roleIds)})`);
      }
      const where = and(...conds);
      const cols = { name: a.name, createdAt: a.createdAt, updatedAt: a.updatedAt, lastSignInAt: a.lastSignInAt };
      const order = [...page.sort.map((k) => (k.direction === 'DESC' ? desc(cols[k.field]) : asc(cols[k.field]))), asc(a.userId)];
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(a).where(where),
        db.select().from(a).where(where).orderBy(...order).limit(page.itemsPerPage).offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows.map(toAccount) };
    },
    insert(tenantId, account) {
      return asOp(db.insert(a).values({ tenantId, ...account }));
    },
    update(tenantId, userId, patch) {
      return asOp(db.update(a).set(patch).where(and(mine(tenantId), eq(a.userId, userId))));
    },
    delete(tenantId, userId) {
      return asOp(db.delete(a).where(and(mine(tenantId), eq(a.userId, userId))));
    },
    async emailsOf(tenantId, userId) {
      return db
        .select({ id: userEmails.id, address: userEmails.address, verified: userEmails.verified, createdAt: userEmails.createdAt, updatedAt: userEmails.updatedAt })
        .from(userEmails)
        .where(and(eq(userEmails.tenantId, tenantId), eq(userEmails.userId, userId)))
        .orderBy(userEmails.id);
    },
    deleteEmails(tenantId, userId) {
      return asOp(db.delete(userEmails).where(and(eq(userEmails.tenantId, tenantId), eq(userEmails.userId, userId))));
    },
    async recordFailure(tenantId, userId, at) {
      const rows = await db
        .update(a)
        .set({ attemptCount: sql`${a.attemptCount} + 1`, lastAttemptAt: at })
        .where(and(mine(tenantId), eq(a.userId, userId)))
        .returning({ n: a.attemptCount });
      return rows[0]?.n ?? 0;
    },
    async recordSuccess(tenantId, userId, at) {
      await db.update(a).set({ attemptCount: 0, lastAttemptAt: at, lastSignInAt: at }).where(and(mine(tenantId), eq(a.userId, userId)));
    },
  };
}

export function createRefreshTokenRepository(db: Db): RefreshTokenRepository {
  const r = refreshTokens;
  const mine = (tenantId: string) => eq(r.tenantId, tenantId);
  return {
    async find(tenantId, tokenHash) {
      const rows = await db.select().from(r).where(and(mine(tenantId), eq(r.tokenHash, tokenHash))).limit(1);
      const row = rows[0];
      if (!row) return null;
      const { tenantId: _t, ...record } = row;
      return record;
    },
    async family(tenantId, familyId) {
      return (await db.select().from(r).where(and(mine(tenantId), eq(r.familyId, familyId)))).map(({ tenantId: _t, ...record }) => record);
    },
    insert(tenantId, record) {
      return asOp(db.insert(r).values({ tenantId, ...record }));
    },
    async claim(tenantId, tokenHash, at) {
      const rows = await db
        .update(r)
        .set({ usedAt: at })
        .where(and(mine(tenantId), eq(r.tokenHash, tokenHash), sql`${r.usedAt} IS NULL`, eq(r.revoked, false)))
        .returning({ h: r.tokenHash });
      return rows.length === 1;
    },
    async release(tenantId, tokenHash, at) {
      await db
        .update(r)
        .set({ usedAt: null })
        .where(and(mine(tenantId), eq(r.tokenHash, tokenHash), eq(r.usedAt, at), eq(r.revoked, false)));
    },
    revokeFamily(tenantId, familyId) {
      return asOp(db.update(r).set({ revoked: true }).where(and(mine(tenantId), eq(r.familyId, familyId))));
    },
    revokeForUser(tenantId, userId) {
      return asOp(db.update(r).set({ revoked: true }).where(and(mine(tenantId), eq(r.userId, userId))));
    },
    revokeAccessOfUser(tenantId, userId, now) {
      const live = db
        .select({ tenantId: r.tenantId, jti: sql<string>`${r.accessJti}`.as('jti'), expiresAt: sql<number>`${r.accessExp}`.as('expires_at') })
        .from(r)
        .where(and(mine(tenantId), eq(r.userId, userId), isNotNull(r.accessJti), gt(r.accessExp, now)));
      return asOp(db.insert(revokedTokens).select(live).onConflictDoNothing());
    },
  };
}

export function createAuthorizationCodeRepository(db: Db): AuthorizationCodeRepository {
  const t = authorizationCodes;
  const mine = (tenantId: string) => eq(t.tenantId, tenantId);
  return {
    async find(tenantId, codeHash) {
      const rows = await db.select().from(t).where(and(mine(tenantId), eq(t.codeHash, codeHash))).limit(1);
      const r = rows[0];
      if (!r) return null;
      const { tenantId: _t, ...rest } = r;
      return rest;
    },
    insert(tenantId, record) {
      return asOp(db.insert(t).values({ tenantId, ...record }));
    },
    async claim(tenantId, codeHash, at) {
      const rows = await db
        .update(t)
        .set({ usedAt: at })
        .where(and(mine(tenantId), eq(t.codeHash, codeHash), sql`${t.usedAt} IS NULL`))
        .returning({ h: t.codeHash });
      return rows.length === 1;
    },
    async release(tenantId, codeHash, at) {
      await db
        .update(t)
        .set({ usedAt: null })
        .where(and(mine(tenantId), eq(t.codeHash, codeHash), eq(t.usedAt, at), isNull(t.issuedFamilyId)));
    },
    recordIssued(tenantId, codeHash, issued) {
      return asOp(db.update(t).set({ issuedFamilyId: issued.familyId, issuedJti: issued.jti, issuedExp: issued.exp }).where(and(mine(tenantId), eq(t.codeHash, codeHash))));
    },
  };
}

export function createApiTokenRepository(db: Db): ApiTokenRepository {
  const t = apiTokens;
  const mine = (tenantId: string) => eq(t.tenantId, tenantId);
  const view = { id: t.id, userId: t.userId, name: t.name, expiredAt: t.expiredAt, lastUsedAt: t.lastUsedAt, createdAt: t.createdAt, updatedAt: t.updatedAt };
  return {
    async list(tenantId, userId, page) {
      const where = and(mine(tenantId), eq(t.userId, userId));
      const dir = page.sort[0]?.direction === 'DESC' ? desc(t.createdAt) : asc(t.createdAt);
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(t).where(where),
        db.select(view).from(t).where(where).orderBy(dir, asc(t.id)).limit(page.itemsPerPage).offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows };
    },
    async find(tenantId, userId, id) {
      return (await db.select(view).from(t).where(and(mine(tenantId), eq(t.userId, userId), eq(t.id, id))).limit(1))[0] ?? null;
    },
    async findByHash(tenantId, tokenHash) {
      return (await db.select(view).from(t).where(and(mine(tenantId), eq(t.tokenHash, tokenHash))).limit(1))[0] ?? null;
    },
    insert(tenantId, token) {
      return asOp(db.insert(t).values({ tenantId, ...token }));
    },
    rename(tenantId, id, name, updatedAt) {
      return asOp(db.update(t).set({ name, updatedAt }).where(and(mine(tenantId), eq(t.id, id))));
    },
    async touch(tenantId, id, at) {
      await db.update(t).set({ lastUsedAt: at }).where(and(mine(tenantId), eq(t.id, id)));
    },
    delete(tenantId, id) {
      return asOp(db.delete(t).where(and(mine(tenantId), eq(t.id, id))));
    },
  };
}
