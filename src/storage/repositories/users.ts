import { and, count, eq, gte, lte, or, sql, type SQL } from 'drizzle-orm';
import type { UserRepository } from '../../domain/users/repository';
import type { UserRoleRelation } from '../../domain/users/user';
import { asOp, chunk, inList, rowsPerInsert, type Db } from '../db';
import { userHistories, userRoleRelations, users } from '../schema';
import { parseConditions, stringifyConditions } from './json';
import { containsInsensitive, offsetOf, orderBy, startsWith } from './sorting';

const toRelation = (r: typeof userRoleRelations.$inferSelect): UserRoleRelation => ({
  userId: r.userId,
  roleId: r.roleId,
  scopeId: r.scopeId,
  policy: r.policy,
  conditions: parseConditions(r.conditions),
  createdAt: r.createdAt,
});

export function createUserRepository(db: Db): UserRepository {
  const mine = (tenantId: string) => eq(users.tenantId, tenantId);
  const rel = userRoleRelations;
  return {
    async findMany(tenantId, userIds) {
      if (userIds.length === 0) return new Map();
      const rows = await db.select().from(users).where(and(mine(tenantId), inList(users.userId, userIds)));
      return new Map(rows.map((r) => [r.userId, { userId: r.userId, description: r.description, createdAt: r.createdAt }]));
    },
    async search(tenantId, f, page) {
      const conds: SQL[] = [mine(tenantId)];
      if (f.userIds?.length) conds.push(inList(users.userId, f.userIds));
      if (f.userIdPreLike) conds.push(startsWith(users.userId, f.userIdPreLike));
      if (f.descriptionLike) conds.push(containsInsensitive(users.description, f.descriptionLike));
      const r = f.relation;
      if (r && (r.roleIds?.length || r.roleIdPreLike || r.allowRoleIds?.length || r.scopeIds?.length || r.scopeIdPreLike)) {
        const relConds: SQL[] = [eq(rel.tenantId, tenantId), sql`${rel.userId} = ${users.userId}`];
        const roleConds: SQL[] = [];
        if (r.roleIds?.length) roleConds.push(inList(rel.roleId, r.roleIds));
        if (r.roleIdPreLike) roleConds.push(startsWith(rel.roleId, r.roleIdPreLike));
        if (r.roleIds?.length || r.roleIdPreLike) {
          const direct = and(...roleConds)!;
          relConds.push(r.allowRoleIds?.length ? or(direct, and(eq(rel.policy, 'ALLOW'), inList(rel.roleId, r.allowRoleIds)))! : direct);
        }
        if (r.scopeIds?.length) relConds.push(inList(rel.scopeId, r.scopeIds));
        if (r.scopeIdPreLike) relConds.push(startsWith(rel.scopeId, r.scopeIdPreLike));
        conds.push(sql`EXISTS (SELECT 1 FROM ${rel} WHERE ${and(...relConds)})`);
      }
      const where = and(...conds);
      const columns = { userId: users.userId, description: users.description, createdAt: users.createdAt };
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(users).where(where),
        db
          .select()
          .from(users)
          .where(where)
          .orderBy(...orderBy(page.sort, columns, [users.userId]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return {
        totalItems: total[0]?.n ?? 0,
        items: rows.map((u) => ({ userId: u.userId, description: u.description, createdAt: u.createdAt })),
      };
    },
    async relationsOf(tenantId, userIds) {
      if (userIds.length === 0) return [];
      const rows = await db
        .select()
        .from(rel)
        .where(and(eq(rel.tenantId, tenantId), inList(rel.userId, userIds)))
        .orderBy(rel.userId, rel.scopeId, rel.roleId);
      return rows.map(toRelation);
    },
    async relationsByRoles(tenantId, roleIds) {
      if (roleIds.length === 0) return [];
      const rows = await db
        .select()
        .from(rel)
        .where(and(eq(rel.tenantId, tenantId), inList(rel.roleId, roleIds)))
        .orderBy(rel.userId, rel.scopeId, rel.roleId);
      return rows.map(toRelation);
    },
    async histories(tenantId, userId, f, page) {
      const h = userHistories;
      const conds: SQL[] = [eq(h.tenantId, tenantId), eq(h.userId, userId)];
      if (f.roleId) conds.push(eq(h.roleId, f.roleId));
      if (f.scopeId) conds.push(eq(h.scopeId, f.scopeId));
      if (f.from) conds.push(gte(h.executionTime, f.from));
      if (f.to) conds.push(lte(h.executionTime, f.to));
      if (f.commands?.length) conds.push(inList(h.command, f.commands));
      const where = and(...conds);
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(h).where(where),
        db
          .select()
          .from(h)
          .where(where)
          .orderBy(...orderBy(page.sort, { seq: h.seq, executionTime: h.executionTime }, [h.seq]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return {
        totalItems: total[0]?.n ?? 0,
        items: rows.map((r) => ({
          seq: r.seq,
          command: r.command,
          userId: r.userId,
          roleId: r.roleId,
          scopeId: r.scopeId,
          policy: r.policy as 'ALLOW' | 'DENY' | null,
          conditions: parseConditions(r.conditions),
          executionTime: r.executionTime,
          operatorUuid: r.operatorUuid,
        })),
      };
    },

    insertUsers(tenantId, list) {
      const rows = list.map((u) => ({ tenantId, ...u }));
      return chunk(rows, rowsPerInsert(4)).map((part) => asOp(db.insert(users).values(part)));
    },
    updateDescription(tenantId, userId, description) {
      return asOp(db.update(users).set({ description }).where(and(mine(tenantId), eq(users.userId, userId))));
    },
    insertRelations(tenantId, relations) {
      const rows = relations.map((r) => ({
        tenantId,
        userId: r.userId,
        roleId: r.roleId,
        scopeId: r.scopeId,
        policy: r.policy,
        conditions: stringifyConditions(r.conditions),
        createdAt: r.createdAt,
      }));
      return chunk(rows, rowsPerInsert(7)).map((part) => asOp(db.insert(rel).values(part)));
    },
    deleteRelations(tenantId, keys) {
      // One JSON parameter per chunk keeps any number of keys within D1's parameter limit.
      return chunk(keys, 500).map((part) =>
        asOp(
          db
            .delete(rel)
            .where(
              and(
                eq(rel.tenantId, tenantId),
                sql`(${rel.userId}, ${rel.roleId}, ${rel.scopeId}) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(${JSON.stringify(part.map((k) => [k.userId, k.roleId, k.scopeId]))}))`,
              ),
            ),
        ),
      );
    },
    deleteUsers(tenantId, userIds) {
      return [
        asOp(db.delete(rel).where(and(eq(rel.tenantId, tenantId), inList(rel.userId, userIds)))),
        asOp(db.delete(users).where(and(mine(tenantId), inList(users.userId, userIds)))),
      ];
    },
    insertHistories(tenantId, entries) {
      const rows = entries.map((e) => ({
        tenantId,
        command: e.command,
        userId: e.userId,
        roleId: e.roleId,
        scopeId: e.scopeId,
        policy: e.policy,
        conditions: stringifyConditions(e.conditions),
        executionTime: e.executionTime,
        operatorUuid: e.operatorUuid,
      }));
      return chunk(rows, rowsPerInsert(9)).map((part) => asOp(db.insert(userHistories).values(part)));
    },
  };
}
