import { and, count, eq, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { CatalogRepository } from '../../domain/catalog/entry';
import { asOp, inList, type Db } from '../db';
import { containsInsensitive, offsetOf, orderBy, startsWith } from './sorting';

interface CatalogTable {
  table: SQLiteTable;
  /** The JS key of the id column in the drizzle table (e.g. `scopeId`). */
  idKey: string;
  tenantId: SQLiteColumn;
  id: SQLiteColumn;
  description: SQLiteColumn;
  createdAt: SQLiteColumn;
}

interface UsageTable {
  table: SQLiteTable;
  tenantId: SQLiteColumn;
  ref: SQLiteColumn;
}

type Row = { id: string; description: string | null; createdAt: string };

/** A catalog table (id + description) whose rows are "in use" while any of `usages` references them. */
export function createCatalogRepository(db: Db, t: CatalogTable, ...usages: UsageTable[]): CatalogRepository {
  const fields = { id: t.id, description: t.description, createdAt: t.createdAt };
  const mine = (tenantId: string) => eq(t.tenantId, tenantId);
  return {
    async find(tenantId, id) {
      const rows = (await db.select(fields).from(t.table).where(and(mine(tenantId), eq(t.id, id))).limit(1)) as Row[];
      return rows[0] ?? null;
    },
    async existing(tenantId, ids) {
      const rows = (await db.select({ id: t.id }).from(t.table).where(and(mine(tenantId), inList(t.id, ids)))) as { id: string }[];
      return new Set(rows.map((r) => r.id));
    },
    async search(tenantId, filter, page) {
      const conds: SQL[] = [mine(tenantId)];
      if (filter.idPreLike) conds.push(startsWith(t.id, filter.idPreLike));
      if (filter.descriptionLike) conds.push(containsInsensitive(t.description, filter.descriptionLike));
      if (filter.ids && filter.ids.length > 0) conds.push(inList(t.id, filter.ids));
      const where = and(...conds);
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(t.table).where(where),
        db
          .select(fields)
          .from(t.table)
          .where(where)
          .orderBy(...orderBy(page.sort, fields, [t.id]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows as Row[] };
    },
    async inUse(tenantId, ids) {
      const used = new Set<string>();
      for (const usage of usages) {
        const rows = (await db
          .selectDistinct({ id: usage.ref })
          .from(usage.table)
          .where(and(eq(usage.tenantId, tenantId), inList(usage.ref, ids)))) as { id: string }[];
        for (const r of rows) used.add(r.id);
      }
      return used;
    },
    insert(tenantId, entry) {
      return asOp(
        db.insert(t.table).values({
          tenantId,
          [t.idKey]: entry.id,
          description: entry.description,
          createdAt: entry.createdAt,
        } as never),
      );
    },
    updateDescription(tenantId, id, description) {
      return asOp(db.update(t.table).set({ description } as never).where(and(mine(tenantId), eq(t.id, id))));
    },
    delete(tenantId, ids) {
      return asOp(db.delete(t.table).where(and(mine(tenantId), inList(t.id, ids))));
    },
  };
}
