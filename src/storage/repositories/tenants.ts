import { and, count, eq, type SQL } from 'drizzle-orm';
import type { OrganizationRepository, TenantRecord, TenantRepository } from '../../domain/tenants/repository';
import type { TrailingSlashPolicy } from '../../domain/tenants/tenant';
import { asOp, type Db } from '../db';
import * as schema from '../schema';
import { organizations, tenants } from '../schema';
import { offsetOf, orderBy } from './sorting';

function toTenantRecord(r: typeof tenants.$inferSelect): TenantRecord {
  return {
    appKey: r.appKey,
    organizationId: r.organizationId,
    name: r.name,
    secretHash: r.secretHash,
    config: {
      cacheTtl: r.cacheTtl,
      cacheSize: r.cacheSize,
      cacheSizeByPath: r.cacheSizeByPath,
      cacheSizeTree: r.cacheSizeTree,
      trailingSlashPolicy: r.trailingSlashPolicy as TrailingSlashPolicy,
      cacheFlushTime: r.cacheFlushTime,
    },
    tokens: { signingAlg: r.signingAlg, lockoutThreshold: r.lockoutThreshold },
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * The tenant record with the `snapshot_seq` it was read at (the counter moves with every change to
 * the row's other columns, migration 0017): whether a held record is still current can then be told
 * from the counter alone.
 */
export async function readTenantRecord(db: Db, appKey: string): Promise<{ record: TenantRecord; seq: number } | null> {
  const row = await db.query.tenants.findFirst({ where: eq(tenants.appKey, appKey) });
  return row ? { record: toTenantRecord(row), seq: row.snapshotSeq } : null;
}

/**
 * Every table holding tenant-owned rows, by its tenant column. Deleting a tenant clears them all,
 * except its audit trail, which is kept (README: Lifecycle and data bounds).
 */
function tenantOwnedTables() {
  return Object.values(schema).filter(
    (t): t is typeof schema.scopes => typeof t === 'object' && t !== null && 'tenantId' in t && t !== (tenants as unknown) && t !== (schema.auditLog as unknown),
  );
}

export function createTenantRepository(db: Db): TenantRepository {
  return {
    async find(appKey) {
      const row = await db.query.tenants.findFirst({ where: eq(tenants.appKey, appKey) });
      return row ? toTenantRecord(row) : null;
    },
    async list(filter, page) {
      const conds: SQL[] = [];
      if (filter.organizationId) conds.push(eq(tenants.organizationId, filter.organizationId));
      const where = conds.length ? and(...conds) : undefined;
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(tenants).where(where),
        db
          .select()
          .from(tenants)
          .where(where)
          .orderBy(...orderBy(page.sort, { appKey: tenants.appKey, name: tenants.name, createdAt: tenants.createdAt }, [tenants.appKey]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return {
        totalItems: total[0]?.n ?? 0,
        items: rows.map((r) => {
          const { secretHash: _hidden, ...tenant } = toTenantRecord(r);
          return tenant;
        }),
      };
    },
    insert(t) {
      return asOp(
        db.insert(tenants).values({
          appKey: t.appKey,
          organizationId: t.organizationId,
          name: t.name,
          secretHash: t.secretHash,
          cacheTtl: t.config.cacheTtl,
          cacheSize: t.config.cacheSize,
          cacheSizeByPath: t.config.cacheSizeByPath,
          cacheSizeTree: t.config.cacheSizeTree,
          trailingSlashPolicy: t.config.trailingSlashPolicy,
          cacheFlushTime: t.config.cacheFlushTime,
          signingAlg: t.tokens.signingAlg,
          lockoutThreshold: t.tokens.lockoutThreshold,
          createdAt: t.createdAt,
          updatedAt: t.updatedAt,
        }),
      );
    },
    update(appKey, patch) {
      return asOp(db.update(tenants).set(patch).where(eq(tenants.appKey, appKey)));
    },
    setSecretHash(appKey, secretHash, updatedAt) {
      return asOp(db.update(tenants).set({ secretHash, updatedAt }).where(eq(tenants.appKey, appKey)));
    },
    setConfig(appKey, config, updatedAt) {
      return asOp(
        db
          .update(tenants)
          .set({
            cacheTtl: config.cacheTtl,
            cacheSize: config.cacheSize,
            cacheSizeByPath: config.cacheSizeByPath,
            cacheSizeTree: config.cacheSizeTree,
            trailingSlashPolicy: config.trailingSlashPolicy,
            cacheFlushTime: config.cacheFlushTime,
            updatedAt,
          })
          .where(eq(tenants.appKey, appKey)),
      );
    },
    deleteAll(appKey) {
      // The change log goes after the tables whose triggers write to it (migration 0013).
      const owned = [...tenantOwnedTables().filter((t) => t !== (schema.userChanges as unknown)), schema.userChanges];
      return [...owned.map((table) => asOp(db.delete(table).where(eq(table.tenantId, appKey)))), asOp(db.delete(tenants).where(eq(tenants.appKey, appKey)))];
    },
  };
}

export function createOrganizationRepository(db: Db): OrganizationRepository {
  return {
    async find(id) {
      return (await db.query.organizations.findFirst({ where: eq(organizations.id, id) })) ?? null;
    },
    async list(page) {
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(organizations),
        db
          .select()
          .from(organizations)
          .orderBy(
            ...orderBy(page.sort, { id: organizations.id, name: organizations.name, createdAt: organizations.createdAt }, [organizations.id]),
          )
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows };
    },
    async countTenants(id) {
      const rows = await db.select({ n: count() }).from(tenants).where(eq(tenants.organizationId, id));
      return rows[0]?.n ?? 0;
    },
    insert(org) {
      return asOp(db.insert(organizations).values(org));
    },
    update(id, patch) {
      return asOp(db.update(organizations).set(patch).where(eq(organizations.id, id)));
    },
    delete(id) {
      return asOp(db.delete(organizations).where(eq(organizations.id, id)));
    },
  };
}
