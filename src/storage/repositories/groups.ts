import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { GroupRepository } from '../../domain/groups/group';
import { asOp, inList, type Db } from '../db';
import { edges, groupMembers, groups, identityAccounts, userRoleRelations, users } from '../schema';
import { parseConditions } from './json';
import { offsetOf, orderBy } from './sorting';

const g = groups;
const m = groupMembers;

const toGroup = (r: typeof g.$inferSelect) => ({ groupId: r.groupId, parentGroupId: r.parentGroupId, name: r.name, createdAt: r.createdAt, updatedAt: r.updatedAt });
const toMember = (r: typeof m.$inferSelect) => ({ groupId: r.groupId, userId: r.userId, isOwner: r.isOwner, createdAt: r.createdAt, updatedAt: r.updatedAt });

/**
 * Groups and memberships (tables `groups`, `group_members`). Memberships are listed only while
 * their principal exists (a Role API `users` row), so a deleted user drops out of every group.
 */
export function createGroupRepository(db: Db): GroupRepository {
  const mine = (tenantId: string) => eq(g.tenantId, tenantId);
  const principalExists = (tenantId: string) => sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.tenantId} = ${tenantId} AND ${users.userId} = ${m.userId})`;
  return {
    async find(tenantId, groupId) {
      const rows = await db.select().from(g).where(and(mine(tenantId), eq(g.groupId, groupId))).limit(1);
      return rows[0] ? toGroup(rows[0]) : null;
    },
    async list(tenantId, f, page) {
      const conds: SQL[] = [mine(tenantId)];
      if (f.parentGroupId !== undefined) conds.push(eq(g.parentGroupId, f.parentGroupId));
      if (f.memberUserId !== undefined) {
        conds.push(sql`EXISTS (SELECT 1 FROM ${m} WHERE ${m.tenantId} = ${tenantId} AND ${m.groupId} = ${g.groupId} AND ${m.userId} = ${f.memberUserId})`);
      }
      const where = and(...conds);
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(g).where(where),
        db
          .select()
          .from(g)
          .where(where)
          .orderBy(...orderBy(page.sort, { name: g.name, createdAt: g.createdAt, updatedAt: g.updatedAt }, [g.groupId]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows.map(toGroup) };
    },
    async subtree(tenantId, groupId) {
      const rows = await db.all<{ id: string }>(sql`
        WITH RECURSIVE below(id, depth) AS (
          SELECT ${groupId}, 0
          UNION
          SELECT ${g.groupId}, below.depth + 1 FROM ${g} JOIN below ON ${g.parentGroupId} = below.id WHERE ${g.tenantId} = ${tenantId}
        )
        SELECT id FROM below ORDER BY depth, id`);
      return rows.map((r) => r.id);
    },
    async ancestors(tenantId, groupId) {
      const rows = await db.all<{ id: string }>(sql`
        WITH RECURSIVE above(id, depth) AS (
          SELECT ${g.parentGroupId}, 1 FROM ${g} WHERE ${g.tenantId} = ${tenantId} AND ${g.groupId} = ${groupId}
          UNION
          SELECT ${g.parentGroupId}, above.depth + 1 FROM ${g} JOIN above ON ${g.groupId} = above.id WHERE ${g.tenantId} = ${tenantId}
        )
        SELECT id FROM above WHERE id IS NOT NULL ORDER BY depth`);
      return rows.map((r) => r.id);
    },
    async relationsInScopes(tenantId, scopeIds) {
      if (scopeIds.length === 0) return [];
      const rel = userRoleRelations;
      const rows = await db
        .select()
        .from(rel)
        .where(and(eq(rel.tenantId, tenantId), inList(rel.scopeId, scopeIds)))
        .orderBy(rel.scopeId, rel.userId, rel.roleId);
      return rows.map((r) => ({ userId: r.userId, roleId: r.roleId, scopeId: r.scopeId, policy: r.policy, conditions: parseConditions(r.conditions), createdAt: r.createdAt }));
    },
    async member(tenantId, groupId, userId) {
      const rows = await db
        .select()
        .from(m)
        .where(and(eq(m.tenantId, tenantId), eq(m.groupId, groupId), eq(m.userId, userId), principalExists(tenantId)))
        .limit(1);
      return rows[0] ? toMember(rows[0]) : null;
    },
    async members(tenantId, groupId, f, page) {
      const conds: SQL[] = [eq(m.tenantId, tenantId), eq(m.groupId, groupId), principalExists(tenantId)];
      if (f.isOwner !== undefined) conds.push(eq(m.isOwner, f.isOwner));
      if (f.userIds?.length) conds.push(inList(m.userId, f.userIds));
      const where = and(...conds);
      const a = identityAccounts;
      const e = edges;
      const columns = { name: sql`coalesce(${a.name}, ${e.name})`, createdAt: m.createdAt, updatedAt: m.updatedAt };
      const order = [...page.sort.map((k) => (k.direction === 'DESC' ? desc(columns[k.field]) : asc(columns[k.field]))), asc(m.userId)];
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(m).where(where),
        db
          .select({ member: m })
          .from(m)
          .leftJoin(a, and(eq(a.tenantId, m.tenantId), eq(a.userId, m.userId)))
          .leftJoin(e, and(eq(e.tenantId, m.tenantId), eq(e.edgeId, m.userId)))
          .where(where)
          .orderBy(...order)
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows.map((r) => toMember(r.member)) };
    },
    insert(tenantId, group) {
      return asOp(db.insert(g).values({ tenantId, ...group }));
    },
    rename(tenantId, groupId, name, at) {
      return asOp(db.update(g).set({ name, updatedAt: at }).where(and(mine(tenantId), eq(g.groupId, groupId))));
    },
    delete(tenantId, groupIds) {
      return [
        asOp(db.delete(m).where(and(eq(m.tenantId, tenantId), inList(m.groupId, groupIds)))),
        asOp(db.delete(g).where(and(mine(tenantId), inList(g.groupId, groupIds)))),
      ];
    },
    insertMember(tenantId, member) {
      return asOp(db.insert(m).values({ tenantId, ...member }));
    },
    touchMember(tenantId, groupId, userId, at) {
      return asOp(db.update(m).set({ updatedAt: at }).where(and(eq(m.tenantId, tenantId), eq(m.groupId, groupId), eq(m.userId, userId))));
    },
    deleteMember(tenantId, groupId, userId) {
      return asOp(db.delete(m).where(and(eq(m.tenantId, tenantId), eq(m.groupId, groupId), eq(m.userId, userId))));
    },
    deleteMemberships(tenantId, userId) {
      return asOp(db.delete(m).where(and(eq(m.tenantId, tenantId), eq(m.userId, userId))));
    },
  };
}
