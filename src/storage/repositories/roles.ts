import { and, count, eq, or, sql, type SQL } from 'drizzle-orm';
import type { RoleRepository } from '../../domain/roles/repository';
import type { Role, RoleRelation, TagExpr } from '../../domain/roles/role';
import { asOp, chunk, inList, rowsPerInsert, type Db } from '../db';
import {
  attributeRoles,
  attributeTags,
  resourceAuthorizations,
  roleRelations,
  rolePermissions,
  roles,
  roleTags,
  userRoleRelations,
} from '../schema';
import { parseConditions, stringifyConditions } from './json';
import { containsInsensitive, offsetOf, orderBy, startsWith } from './sorting';

const toRole = (r: typeof roles.$inferSelect): Role => ({
  roleId: r.roleId,
  roleName: r.roleName,
  roleGroup: r.roleGroup,
  description: r.description,
  exposureOrder: r.exposureOrder,
  createdAt: r.createdAt,
});

const toRelation = (r: typeof roleRelations.$inferSelect): RoleRelation => ({
  roleId: r.roleId,
  relatedRoleId: r.relatedRoleId,
  policy: r.policy,
  conditions: parseConditions(r.conditions),
  createdAt: r.createdAt,
});

function hasTag(tenantId: string, tag: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${roleTags} WHERE ${roleTags.tenantId} = ${tenantId} AND ${roleTags.roleId} = ${roles.roleId} AND ${roleTags.roleTagId} = ${tag})`;
}

function tagExprSql(tenantId: string, expr: TagExpr): SQL {
  if ('tag' in expr) return hasTag(tenantId, expr.tag);
  const parts = ('and' in expr ? expr.and : expr.or).map((e) => tagExprSql(tenantId, e));
  return 'and' in expr ? and(...parts)! : or(...parts)!;
}

export function createRoleRepository(db: Db): RoleRepository {
  const mine = (tenantId: string) => eq(roles.tenantId, tenantId);
  return {
    async findMany(tenantId, roleIds) {
      if (roleIds.length === 0) return new Map();
      const rows = await db.select().from(roles).where(and(mine(tenantId), inList(roles.roleId, roleIds)));
      return new Map(rows.map((r) => [r.roleId, toRole(r)]));
    },
    async idsWithPrefix(tenantId, prefix) {
      const rows = await db.select({ id: roles.roleId }).from(roles).where(and(mine(tenantId), startsWith(roles.roleId, prefix)));
      return rows.map((r) => r.id);
    },
    async search(tenantId, f, page) {
      const conds: SQL[] = [mine(tenantId)];
      if (f.roleIds?.length) conds.push(inList(roles.roleId, f.roleIds));
      if (f.roleIdPreLike) conds.push(startsWith(roles.roleId, f.roleIdPreLike));
      if (f.roleNameLike) conds.push(containsInsensitive(roles.roleName, f.roleNameLike));
      if (f.roleGroup) conds.push(eq(roles.roleGroup, f.roleGroup));
      if (f.roleGroupLike) conds.push(containsInsensitive(roles.roleGroup, f.roleGroupLike));
      if (f.descriptionLike) conds.push(containsInsensitive(roles.description, f.descriptionLike));
      if (f.roleTagIds?.length) {
        conds.push(
          sql`EXISTS (SELECT 1 FROM ${roleTags} WHERE ${roleTags.tenantId} = ${tenantId} AND ${roleTags.roleId} = ${roles.roleId} AND ${inList(roleTags.roleTagId, f.roleTagIds)})`,
        );
      }
      if (f.roleTagExpr) conds.push(tagExprSql(tenantId, f.roleTagExpr));
      if (f.relatedRoleIds?.length) {
        conds.push(
          sql`EXISTS (SELECT 1 FROM ${roleRelations} WHERE ${roleRelations.tenantId} = ${tenantId} AND ${roleRelations.roleId} = ${roles.roleId} AND ${inList(roleRelations.relatedRoleId, f.relatedRoleIds)})`,
        );
      }
      if (f.attributeIds?.length) {
        conds.push(
          sql`EXISTS (SELECT 1 FROM ${attributeRoles} WHERE ${attributeRoles.tenantId} = ${tenantId} AND ${attributeRoles.roleId} = ${roles.roleId} AND ${inList(attributeRoles.attributeId, f.attributeIds)})`,
        );
      }
      if (f.attributeTagIds?.length) {
        conds.push(
          sql`EXISTS (SELECT 1 FROM ${attributeRoles} JOIN ${attributeTags} ON ${attributeTags.tenantId} = ${attributeRoles.tenantId} AND ${attributeTags.attributeId} = ${attributeRoles.attributeId} WHERE ${attributeRoles.tenantId} = ${tenantId} AND ${attributeRoles.roleId} = ${roles.roleId} AND ${inList(attributeTags.attributeTagId, f.attributeTagIds)})`,
        );
      }
      const where = and(...conds);
      const columns = {
        roleId: roles.roleId,
        roleName: roles.roleName,
        roleGroup: roles.roleGroup,
        description: roles.description,
        exposureOrder: roles.exposureOrder,
        createdAt: roles.createdAt,
      };
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(roles).where(where),
        db
          .select()
          .from(roles)
          .where(where)
          .orderBy(...orderBy(page.sort, columns, [roles.roleId]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows.map(toRole) };
    },
    async relationsFrom(tenantId, roleIds) {
      if (roleIds.length === 0) return [];
      const rows = await db
        .select()
        .from(roleRelations)
        .where(and(eq(roleRelations.tenantId, tenantId), inList(roleRelations.roleId, roleIds)))
        .orderBy(roleRelations.roleId, roleRelations.relatedRoleId);
      return rows.map(toRelation);
    },
    async allRelations(tenantId) {
      const rows = await db.select().from(roleRelations).where(eq(roleRelations.tenantId, tenantId));
      return rows.map(toRelation);
    },
    async relatedTargets(tenantId, roleIds) {
      if (roleIds.length === 0) return new Set();
      const rows = await db
        .selectDistinct({ id: roleRelations.relatedRoleId })
        .from(roleRelations)
        .where(and(eq(roleRelations.tenantId, tenantId), inList(roleRelations.relatedRoleId, roleIds)));
      return new Set(rows.map((r) => r.id));
    },
    async tagsOf(tenantId, roleIds) {
      const out = new Map<string, { roleId: string; roleTagId: string; createdAt: string }[]>();
      if (roleIds.length === 0) return out;
      const rows = await db
        .select()
        .from(roleTags)
        .where(and(eq(roleTags.tenantId, tenantId), inList(roleTags.roleId, roleIds)))
        .orderBy(roleTags.roleId, roleTags.roleTagId);
      for (const r of rows) {
        const list = out.get(r.roleId) ?? [];
        list.push({ roleId: r.roleId, roleTagId: r.roleTagId, createdAt: r.createdAt });
        out.set(r.roleId, list);
      }
      return out;
    },
    async tagIds(tenantId, prefix, page) {
      const conds: SQL[] = [eq(roleTags.tenantId, tenantId)];
      if (prefix) conds.push(startsWith(roleTags.roleTagId, prefix));
      const where = and(...conds);
      const [total, rows] = await Promise.all([
        db.select({ n: sql<number>`count(DISTINCT ${roleTags.roleTagId})` }).from(roleTags).where(where),
        db
          .selectDistinct({ id: roleTags.roleTagId })
          .from(roleTags)
          .where(where)
          .orderBy(...orderBy(page.sort, { roleTagId: roleTags.roleTagId }, []))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: Number(total[0]?.n ?? 0), items: rows.map((r) => r.id) };
    },

    insert(tenantId, role) {
      return asOp(db.insert(roles).values({ tenantId, ...role }));
    },
    update(tenantId, roleId, patch) {
      return asOp(db.update(roles).set(patch).where(and(mine(tenantId), eq(roles.roleId, roleId))));
    },
    insertRelations(tenantId, relations) {
      const rows = relations.map((r) => ({
        tenantId,
        roleId: r.roleId,
        relatedRoleId: r.relatedRoleId,
        policy: r.policy,
        conditions: stringifyConditions(r.conditions),
        createdAt: r.createdAt,
      }));
      return chunk(rows, rowsPerInsert(6)).map((part) => asOp(db.insert(roleRelations).values(part)));
    },
    deleteRelations(tenantId, roleId, relatedRoleIds) {
      const conds = [eq(roleRelations.tenantId, tenantId), eq(roleRelations.roleId, roleId)];
      if (relatedRoleIds) conds.push(inList(roleRelations.relatedRoleId, relatedRoleIds));
      return asOp(db.delete(roleRelations).where(and(...conds)));
    },
    insertTags(tenantId, tags) {
      const rows = tags.map((t) => ({ tenantId, ...t }));
      return chunk(rows, rowsPerInsert(4)).map((part) => asOp(db.insert(roleTags).values(part)));
    },
    deleteTags(tenantId, roleId) {
      return asOp(db.delete(roleTags).where(and(eq(roleTags.tenantId, tenantId), eq(roleTags.roleId, roleId))));
    },
    deleteRoles(tenantId, roleIds) {
      return [
        asOp(db.delete(userRoleRelations).where(and(eq(userRoleRelations.tenantId, tenantId), inList(userRoleRelations.roleId, roleIds)))),
        asOp(
          db
            .delete(roleRelations)
            .where(
              and(
                eq(roleRelations.tenantId, tenantId),
                or(inList(roleRelations.roleId, roleIds), inList(roleRelations.relatedRoleId, roleIds)),
              ),
            ),
        ),
        asOp(db.delete(roleTags).where(and(eq(roleTags.tenantId, tenantId), inList(roleTags.roleId, roleIds)))),
        asOp(
          db
            .delete(resourceAuthorizations)
            .where(and(eq(resourceAuthorizations.tenantId, tenantId), inList(resourceAuthorizations.roleId, roleIds))),
        ),
        asOp(db.delete(attributeRoles).where(and(eq(attributeRoles.tenantId, tenantId), inList(attributeRoles.roleId, roleIds)))),
        asOp(db.delete(rolePermissions).where(and(eq(rolePermissions.tenantId, tenantId), inList(rolePermissions.roleId, roleIds)))),
        asOp(db.delete(roles).where(and(mine(tenantId), inList(roles.roleId, roleIds)))),
      ];
    },
  };
}
