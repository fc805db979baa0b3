import { and, asc, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { EdgeRecord, EdgeRepository } from '../../domain/edges/edge';
import { asOp, inList, type Db } from '../db';
import { edges, identityAccounts } from '../schema';
import { containsInsensitive, offsetOf } from './sorting';

const e = edges;
const owner = identityAccounts;

/** Edge columns plus the owner's account (left join: null when there is none or it is gone). */
const columns = {
  edgeId: e.edgeId,
  ownerUserId: e.ownerUserId,
  name: e.name,
  nickname: e.nickname,
  description: e.description,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
  ownerName: owner.name,
  ownerNickname: owner.nickname,
};

interface Row {
  edgeId: string;
  ownerUserId: string | null;
  name: string;
  nickname: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  ownerName: string | null;
  ownerNickname: string | null;
}

const toRecord = (r: Row): EdgeRecord => ({
  edgeId: r.edgeId,
  ownerUserId: r.ownerUserId,
  name: r.name,
  nickname: r.nickname,
  description: r.description,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  owner: r.ownerUserId !== null && r.ownerName !== null ? { userId: r.ownerUserId, name: r.ownerName, nickname: r.ownerNickname ?? '' } : null,
});

export function createEdgeRepository(db: Db): EdgeRepository {
  const mine = (tenantId: string) => eq(e.tenantId, tenantId);
  const withOwner = (tenantId: string) =>
    db
      .select(columns)
      .from(e)
      .leftJoin(owner, and(eq(owner.tenantId, tenantId), eq(owner.userId, e.ownerUserId)));
  return {
    async find(tenantId, edgeId) {
      const rows = await withOwner(tenantId).where(and(mine(tenantId), eq(e.edgeId, edgeId))).limit(1);
      return rows[0] ? toRecord(rows[0]) : null;
    },
    async findByName(tenantId, name) {
      const rows = await db.select().from(e).where(and(mine(tenantId), eq(e.name, name))).limit(1);
      const r = rows[0];
      return r ? { edgeId: r.edgeId, ownerUserId: r.ownerUserId, name: r.name, nickname: r.nickname, description: r.description, createdAt: r.createdAt, updatedAt: r.updatedAt } : null;
    },
    async list(tenantId, f, page) {
      const conds: SQL[] = [mine(tenantId)];
      if (f.edgeIds?.length) conds.push(inList(e.edgeId, f.edgeIds));
      if (f.names?.length) conds.push(or(...f.names.map((n) => containsInsensitive(e.name, n)))!);
      if (f.nicknames?.length) conds.push(or(...f.nicknames.map((n) => containsInsensitive(e.nickname, n)))!);
      if (f.ownerUserIds?.length) conds.push(inList(e.ownerUserId, f.ownerUserIds));
      // An owner counts only while its user exists, the same rule as the `owner` shown.
      const owned = sql`EXISTS (SELECT 1 FROM ${owner} WHERE ${owner.tenantId} = ${tenantId} AND ${owner.userId} = ${e.ownerUserId})`;
      if (f.hasOwner === true) conds.push(owned);
      if (f.hasOwner === false) conds.push(sql`NOT ${owned}`);
      const where = and(...conds);
      const cols = { name: e.name, createdAt: e.createdAt, updatedAt: e.updatedAt };
      const order = [...page.sort.map((k) => (k.direction === 'DESC' ? desc(cols[k.field]) : asc(cols[k.field]))), asc(e.edgeId)];
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(e).where(where),
        withOwner(tenantId).where(where).orderBy(...order).limit(page.itemsPerPage).offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows.map(toRecord) };
    },
    insert(tenantId, edge) {
      return asOp(db.insert(e).values({ tenantId, ...edge }));
    },
    update(tenantId, edgeId, patch) {
      const set: Partial<typeof e.$inferInsert> = { updatedAt: patch.updatedAt };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.nickname !== undefined) set.nickname = patch.nickname;
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.ownerUserId !== undefined) set.ownerUserId = patch.ownerUserId;
      return asOp(db.update(e).set(set).where(and(mine(tenantId), eq(e.edgeId, edgeId))));
    },
    delete(tenantId, edgeId) {
      return asOp(db.delete(e).where(and(mine(tenantId), eq(e.edgeId, edgeId))));
    },
    releaseOwner(tenantId, ownerUserId, at) {
      return asOp(db.update(e).set({ ownerUserId: null, updatedAt: at }).where(and(mine(tenantId), eq(e.ownerUserId, ownerUserId))));
    },
  };
}
