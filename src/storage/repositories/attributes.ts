import { and, count, eq, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { AttributeRecord, AttributeRoleLink, AttributeSummary, AttributeTag } from '../../domain/attributes/attribute';
import type { AttributeRepository } from '../../domain/attributes/repository';
import type { AttributeDefinition } from '../../domain/conditions/validate';
import { asOp, chunk, inList, rowsPerInsert, type Db } from '../db';
import { attributeRoles, attributes, attributeTags, roleRelations, userRoleRelations } from '../schema';
import { parseConditions } from './json';
import { containsInsensitive, offsetOf, orderBy, startsWith } from './sorting';

/** A3: an attribute with role relations is a ROLE_ATTRIBUTE, otherwise COMMON. */
// The outer columns are spelled out: in a select list drizzle renders columns unqualified, which
// inside the subquery would bind to attribute_roles itself.
const creationType = sql<string>`CASE WHEN EXISTS (SELECT 1 FROM "attribute_roles" ar WHERE ar."tenant_id" = "attributes"."tenant_id" AND ar."attribute_id" = "attributes"."attribute_id") THEN 'ROLE_ATTRIBUTE' ELSE 'COMMON_ATTRIBUTE' END`;

/** Conditions referencing one of `ids`, inside a relation table's JSON column. */
function referencesAny(conditions: SQLiteColumn, ids: string[]): SQL {
  return sql`EXISTS (SELECT 1 FROM json_each(${conditions}) WHERE json_extract(value, '$.attributeId') IN (SELECT value FROM json_each(${JSON.stringify(ids)})))`;
}

/**
 * The relation's conditions without those on `ids`. SQLite's JSON functions keep each remaining
 * condition object as stored; computed inside the UPDATE, so it sees the row as the batch finds it.
 */
function conditionsWithout(conditions: SQLiteColumn, ids: string[]): SQL<string> {
  return sql<string>`(SELECT json_group_array(json(value)) FROM json_each(${conditions}) WHERE json_extract(value, '$.attributeId') NOT IN (SELECT value FROM json_each(${JSON.stringify(ids)})))`;
}

const toRecord = (a: typeof attributes.$inferSelect & { creationType: string }): AttributeRecord => ({
  attributeId: a.attributeId,
  attributeName: a.attributeName,
  description: a.description,
  dataType: a.dataType,
  creationType: a.creationType as AttributeRecord['creationType'],
  createdAt: a.createdAt,
});

export function createAttributeRepository(db: Db): AttributeRepository {
  const mine = (tenantId: string) => eq(attributes.tenantId, tenantId);

  async function rolesOf(tenantId: string, attributeIds: string[]) {
    const out = new Map<string, AttributeRoleLink[]>();
    if (attributeIds.length === 0) return out;
    const rows = await db
      .select()
      .from(attributeRoles)
      .where(and(eq(attributeRoles.tenantId, tenantId), inList(attributeRoles.attributeId, attributeIds)))
      .orderBy(attributeRoles.attributeId, attributeRoles.roleId);
    for (const r of rows) out.set(r.attributeId, [...(out.get(r.attributeId) ?? []), { attributeId: r.attributeId, roleId: r.roleId, createdAt: r.createdAt }]);
    return out;
  }

  async function records(tenantId: string, attributeIds: string[]): Promise<AttributeRecord[]> {
    if (attributeIds.length === 0) return [];
    const rows = await db
      .select({
        tenantId: attributes.tenantId,
        attributeId: attributes.attributeId,
        attributeName: attributes.attributeName,
        description: attributes.description,
        dataType: attributes.dataType,
        createdAt: attributes.createdAt,
        creationType,
      })
      .from(attributes)
      .where(and(mine(tenantId), inList(attributes.attributeId, attributeIds)));
    return rows.map(toRecord);
  }

  async function summaries(tenantId: string, attributeIds: string[]): Promise<Map<string, AttributeSummary>> {
    return new Map((await records(tenantId, attributeIds)).map(({ createdAt: _c, ...s }) => [s.attributeId, s]));
  }

  function tagConds(tenantId: string, f: { attributeIds?: string[]; attributeIdPreLike?: string; attributeTagIds?: string[]; attributeTagIdPreLike?: string }) {
    const conds: SQL[] = [eq(attributeTags.tenantId, tenantId)];
    if (f.attributeIds?.length) conds.push(inList(attributeTags.attributeId, f.attributeIds));
    if (f.attributeIdPreLike) conds.push(startsWith(attributeTags.attributeId, f.attributeIdPreLike));
    if (f.attributeTagIds?.length) conds.push(inList(attributeTags.attributeTagId, f.attributeTagIds));
    if (f.attributeTagIdPreLike) conds.push(startsWith(attributeTags.attributeTagId, f.attributeTagIdPreLike));
    return and(...conds);
  }

  return {
    async definitions(tenantId, attributeIds) {
      const [recs, roles] = await Promise.all([records(tenantId, attributeIds), rolesOf(tenantId, attributeIds)]);
      const out = new Map<string, AttributeDefinition>();
      for (const r of recs) out.set(r.attributeId, { attributeId: r.attributeId, dataType: r.dataType, roleIds: (roles.get(r.attributeId) ?? []).map((l) => l.roleId) });
      return out;
    },
    summaries,
    async relatedToRoles(tenantId, roleIds) {
      const out = new Map<string, AttributeSummary[]>();
      if (roleIds.length === 0) return out;
      const links = await db
        .select({ attributeId: attributeRoles.attributeId, roleId: attributeRoles.roleId })
        .from(attributeRoles)
        .where(and(eq(attributeRoles.tenantId, tenantId), inList(attributeRoles.roleId, roleIds)))
        .orderBy(attributeRoles.attributeId);
      const byId = await summaries(tenantId, [...new Set(links.map((l) => l.attributeId))]);
      for (const l of links) {
        const s = byId.get(l.attributeId);
        if (s) out.set(l.roleId, [...(out.get(l.roleId) ?? []), s]);
      }
      return out;
    },
    async search(tenantId, f, page) {
      const conds: SQL[] = [mine(tenantId)];
      const linked = (extra: SQL) =>
        sql`EXISTS (SELECT 1 FROM ${attributeRoles} WHERE ${attributeRoles.tenantId} = ${tenantId} AND ${attributeRoles.attributeId} = ${attributes.attributeId} AND ${extra})`;
      if (f.attributeIds?.length) conds.push(inList(attributes.attributeId, f.attributeIds));
      if (f.attributeIdPreLike) conds.push(startsWith(attributes.attributeId, f.attributeIdPreLike));
      if (f.attributeNameLike) conds.push(containsInsensitive(attributes.attributeName, f.attributeNameLike));
      if (f.descriptionLike) conds.push(containsInsensitive(attributes.description, f.descriptionLike));
      if (f.creationTypes?.length) conds.push(inList(creationType, f.creationTypes));
      if (f.dataTypes?.length) conds.push(inList(attributes.dataType, f.dataTypes));
      if (f.attributeTagIds?.length) {
        conds.push(
          sql`EXISTS (SELECT 1 FROM ${attributeTags} WHERE ${attributeTags.tenantId} = ${tenantId} AND ${attributeTags.attributeId} = ${attributes.attributeId} AND ${inList(attributeTags.attributeTagId, f.attributeTagIds)})`,
        );
      }
      if (f.roleIds?.length) conds.push(linked(inList(attributeRoles.roleId, f.roleIds)));
      if (f.roleIdPreLike) conds.push(linked(startsWith(attributeRoles.roleId, f.roleIdPreLike)));
      if (f.usableByRoleIds?.length) {
        conds.push(or(sql`${creationType} = 'COMMON_ATTRIBUTE'`, linked(inList(attributeRoles.roleId, f.usableByRoleIds)))!);
      }
      const where = and(...conds);
      const columns = {
        attributeId: attributes.attributeId,
        attributeName: attributes.attributeName,
        description: attributes.description,
        creationType,
        dataType: attributes.dataType,
        createdAt: attributes.createdAt,
      };
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(attributes).where(where),
        db
          .select({ ...columns, tenantId: attributes.tenantId })
          .from(attributes)
          .where(where)
          .orderBy(...orderBy(page.sort, columns, [attributes.attributeId]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows.map(toRecord) };
    },
    rolesOf,
    async tagsOf(tenantId, attributeIds) {
      const out = new Map<string, AttributeTag[]>();
      if (attributeIds.length === 0) return out;
      const rows = await db
        .select()
        .from(attributeTags)
        .where(and(eq(attributeTags.tenantId, tenantId), inList(attributeTags.attributeId, attributeIds)))
        .orderBy(attributeTags.attributeId, attributeTags.attributeTagId);
      for (const r of rows) out.set(r.attributeId, [...(out.get(r.attributeId) ?? []), { attributeId: r.attributeId, attributeTagId: r.attributeTagId, createdAt: r.createdAt }]);
      return out;
    },
    async inUse(tenantId, attributeIds) {
      const used = new Set<string>();
      const { users, roles } = await this.relationsUsing(tenantId, attributeIds);
      for (const r of [...users, ...roles]) for (const c of r.conditions) if (attributeIds.includes(c.attributeId)) used.add(c.attributeId);
      return used;
    },
    async relationsUsing(tenantId, attributeIds) {
      if (attributeIds.length === 0) return { users: [], roles: [] };
      const [u, r] = await Promise.all([
        db.select().from(userRoleRelations).where(and(eq(userRoleRelations.tenantId, tenantId), referencesAny(userRoleRelations.conditions, attributeIds))),
        db.select().from(roleRelations).where(and(eq(roleRelations.tenantId, tenantId), referencesAny(roleRelations.conditions, attributeIds))),
      ]);
      return {
        users: u.map((x) => ({ userId: x.userId, roleId: x.roleId, scopeId: x.scopeId, policy: x.policy, conditions: parseConditions(x.conditions), createdAt: x.createdAt })),
        roles: r.map((x) => ({ roleId: x.roleId, relatedRoleId: x.relatedRoleId, policy: x.policy, conditions: parseConditions(x.conditions), createdAt: x.createdAt })),
      };
    },
    async searchTags(tenantId, f, page) {
      const where = tagConds(tenantId, f);
      const columns = { attributeTagId: attributeTags.attributeTagId, attributeId: attributeTags.attributeId, createdAt: attributeTags.createdAt };
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(attributeTags).where(where),
        db
          .select(columns)
          .from(attributeTags)
          .where(where)
          .orderBy(...orderBy(page.sort, columns, [attributeTags.attributeTagId, attributeTags.attributeId]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows };
    },
    async tagIds(tenantId, f, page) {
      const where = tagConds(tenantId, f);
      const [total, rows] = await Promise.all([
        db.select({ n: sql<number>`count(DISTINCT ${attributeTags.attributeTagId})` }).from(attributeTags).where(where),
        db
          .selectDistinct({ id: attributeTags.attributeTagId })
          .from(attributeTags)
          .where(where)
          .orderBy(...orderBy(page.sort, { attributeTagId: attributeTags.attributeTagId }, []))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: Number(total[0]?.n ?? 0), items: rows.map((r) => r.id) };
    },

    insert(tenantId, a) {
      return asOp(
        db.insert(attributes).values({
          tenantId,
          attributeId: a.attributeId,
          attributeName: a.attributeName,
          description: a.description,
          dataType: a.dataType,
          createdAt: a.createdAt,
        }),
      );
    },
    update(tenantId, attributeId, patch) {
      return asOp(db.update(attributes).set(patch as never).where(and(mine(tenantId), eq(attributes.attributeId, attributeId))));
    },
    insertRoles(tenantId, links) {
      return chunk(links.map((l) => ({ tenantId, ...l })), rowsPerInsert(4)).map((part) => asOp(db.insert(attributeRoles).values(part).onConflictDoNothing()));
    },
    deleteRoles(tenantId, attributeId, roleIds) {
      const conds = [eq(attributeRoles.tenantId, tenantId), eq(attributeRoles.attributeId, attributeId)];
      if (roleIds) conds.push(inList(attributeRoles.roleId, roleIds));
      return asOp(db.delete(attributeRoles).where(and(...conds)));
    },
    insertTags(tenantId, tags) {
      return chunk(tags.map((t) => ({ tenantId, ...t })), rowsPerInsert(4)).map((part) => asOp(db.insert(attributeTags).values(part).onConflictDoNothing()));
    },
    deleteTags(tenantId, attributeId, tagIds) {
      const conds = [eq(attributeTags.tenantId, tenantId), eq(attributeTags.attributeId, attributeId)];
      if (tagIds) conds.push(inList(attributeTags.attributeTagId, tagIds));
      return asOp(db.delete(attributeTags).where(and(...conds)));
    },
    delete(tenantId, attributeIds) {
      return [
        asOp(db.delete(attributeRoles).where(and(eq(attributeRoles.tenantId, tenantId), inList(attributeRoles.attributeId, attributeIds)))),
        asOp(db.delete(attributeTags).where(and(eq(attributeTags.tenantId, tenantId), inList(attributeTags.attributeId, attributeIds)))),
        asOp(db.delete(attributes).where(and(mine(tenantId), inList(attributes.attributeId, attributeIds)))),
      ];
    },
    stripConditions(tenantId, attributeIds) {
      const [u, r] = [userRoleRelations, roleRelations];
      return [
        asOp(
          db
            .update(u)
            .set({ conditions: conditionsWithout(u.conditions, attributeIds) })
            .where(and(eq(u.tenantId, tenantId), referencesAny(u.conditions, attributeIds))),
        ),
        asOp(
          db
            .update(r)
            .set({ conditions: conditionsWithout(r.conditions, attributeIds) })
            .where(and(eq(r.tenantId, tenantId), referencesAny(r.conditions, attributeIds))),
        ),
      ];
    },
  };
}
