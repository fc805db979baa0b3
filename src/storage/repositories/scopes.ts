import { and, count, eq, type SQL } from 'drizzle-orm';
import type { ScopeRepository } from '../../domain/scopes/repository';
import { asOp, inList, type Db } from '../db';
import { scopes, userRoleRelations } from '../schema';
import { containsInsensitive, offsetOf, orderBy, startsWith } from './sorting';

export function createScopeRepository(db: Db): ScopeRepository {
  const toScope = (r: typeof scopes.$inferSelect) => ({ scopeId: r.scopeId, description: r.description, createdAt: r.createdAt });
  return {
    async find(tenantId, scopeId) {
      const row = await db.query.scopes.findFirst({ where: and(eq(scopes.tenantId, tenantId), eq(scopes.scopeId, scopeId)) });
      return row ? toScope(row) : null;
    },
    async existing(tenantId, scopeIds) {
      const rows = await db
        .select({ id: scopes.scopeId })
        .from(scopes)
        .where(and(eq(scopes.tenantId, tenantId), inList(scopes.scopeId, scopeIds)));
      return new Set(rows.map((r) => r.id));
    },
    async search(tenantId, filter, page) {
      const conds: SQL[] = [eq(scopes.tenantId, tenantId)];
      if (filter.scopeIdPreLike) conds.push(startsWith(scopes.scopeId, filter.scopeIdPreLike));
      if (filter.descriptionLike) conds.push(containsInsensitive(scopes.description, filter.descriptionLike));
      if (filter.scopeIds && filter.scopeIds.length > 0) conds.push(inList(scopes.scopeId, filter.scopeIds));
      const where = and(...conds);
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(scopes).where(where),
        db
          .select()
          .from(scopes)
          .where(where)
          .orderBy(...orderBy(page.sort, { scopeId: scopes.scopeId, description: scopes.description, createdAt: scopes.createdAt }, [scopes.scopeId]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows.map(toScope) };
    },
    async inUse(tenantId, scopeIds) {
      const rows = await db
        .selectDistinct({ id: userRoleRelations.scopeId })
        .from(userRoleRelations)
        .where(and(eq(userRoleRelations.tenantId, tenantId), inList(userRoleRelations.scopeId, scopeIds)));
      return new Set(rows.map((r) => r.id));
    },
    insert(tenantId, scope) {
      return asOp(db.insert(scopes).values({ tenantId, ...scope }));
    },
    updateDescription(tenantId, scopeId, description) {
      return asOp(db.update(scopes).set({ description }).where(and(eq(scopes.tenantId, tenantId), eq(scopes.scopeId, scopeId))));
    },
    delete(tenantId, scopeIds) {
      return asOp(db.delete(scopes).where(and(eq(scopes.tenantId, tenantId), inList(scopes.scopeId, scopeIds))));
    },
  };
}
