import { and, asc, count, eq } from 'drizzle-orm';
import type { AppsRepository, Contract } from '../../domain/apps/model';
import { asOp, inList, type Db } from '../db';
import { appAllowedClients, contracts, images, roles, userEmails } from '../schema';
import { offsetOf, orderBy } from './sorting';

const ac = appAllowedClients;

/** The stored JSON of a contract: everything but its key and its update time. */
type ContractBody = Omit<Contract, 'servicePartition' | 'updatedAt'>;

export function createAppsRepository(db: Db): AppsRepository {
  return {
    async allowedClients(tenantId, page) {
      const where = eq(ac.tenantId, tenantId);
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(ac).where(where),
        db
          .select({ clientId: ac.clientId, createdAt: ac.createdAt })
          .from(ac)
          .where(where)
          .orderBy(...orderBy(page.sort, { clientId: ac.clientId, createdAt: ac.createdAt }, [ac.clientId]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows };
    },
    async allowedClientIds(tenantId) {
      return (await db.select({ id: ac.clientId }).from(ac).where(eq(ac.tenantId, tenantId))).map((r) => r.id);
    },
    async findAllowedClient(tenantId, clientId) {
      const rows = await db
        .select({ clientId: ac.clientId, createdAt: ac.createdAt })
        .from(ac)
        .where(and(eq(ac.tenantId, tenantId), eq(ac.clientId, clientId)))
        .limit(1);
      return rows[0] ?? null;
    },
    insertAllowedClient(tenantId, client) {
      return asOp(db.insert(ac).values({ tenantId, ...client }).onConflictDoNothing());
    },
    deleteAllowedClient(tenantId, clientId) {
      return asOp(db.delete(ac).where(and(eq(ac.tenantId, tenantId), eq(ac.clientId, clientId))));
    },
    clearAllowedClients(tenantId) {
      return asOp(db.delete(ac).where(eq(ac.tenantId, tenantId)));
    },

    async findImage(tenantId, kind, ownerId) {
      const rows = await db
        .select({ contentType: images.contentType, data: images.data, size: images.size, etag: images.etag, updatedAt: images.updatedAt })
        .from(images)
        .where(and(eq(images.tenantId, tenantId), eq(images.ownerKind, kind), eq(images.ownerId, ownerId)))
        .limit(1);
      return rows[0] ?? null;
    },
    async imageOwners(tenantId, kind, ownerIds) {
      if (ownerIds.length === 0) return new Set();
      const rows = await db
        .select({ id: images.ownerId })
        .from(images)
        .where(and(eq(images.tenantId, tenantId), eq(images.ownerKind, kind), inList(images.ownerId, ownerIds)));
      return new Set(rows.map((r) => r.id));
    },
    putImage(tenantId, kind, ownerId, image) {
      return asOp(
        db
          .insert(images)
          .values({ tenantId, ownerKind: kind, ownerId, ...image })
          .onConflictDoUpdate({ target: [images.tenantId, images.ownerKind, images.ownerId], set: image }),
      );
    },
    deleteImage(tenantId, kind, ownerId) {
      return asOp(db.delete(images).where(and(eq(images.tenantId, tenantId), eq(images.ownerKind, kind), eq(images.ownerId, ownerId))));
    },

    async contracts(tenantId, partitions) {
      const conds = [eq(contracts.tenantId, tenantId)];
      if (partitions) conds.push(inList(contracts.servicePartition, partitions));
      const rows = await db.select().from(contracts).where(and(...conds)).orderBy(asc(contracts.servicePartition));
      return rows.map((r) => ({ ...(JSON.parse(r.body) as ContractBody), servicePartition: r.servicePartition, updatedAt: r.updatedAt }));
    },
    putContract(tenantId, { servicePartition, updatedAt, ...body }) {
      const row = { body: JSON.stringify(body satisfies ContractBody), updatedAt };
      return asOp(
        db
          .insert(contracts)
          .values({ tenantId, servicePartition, ...row })
          .onConflictDoUpdate({ target: [contracts.tenantId, contracts.servicePartition], set: row }),
      );
    },
    deleteContract(tenantId, servicePartition) {
      return asOp(db.delete(contracts).where(and(eq(contracts.tenantId, tenantId), eq(contracts.servicePartition, servicePartition))));
    },

    async roleCatalog(tenantId) {
      return db.select({ roleId: roles.roleId, roleName: roles.roleName, roleGroup: roles.roleGroup }).from(roles).where(eq(roles.tenantId, tenantId));
    },
    async emailsOf(tenantId, userIds) {
      const out = new Map<string, { address: string; verified: boolean }[]>();
      if (userIds.length === 0) return out;
      const rows = await db
        .select({ userId: userEmails.userId, address: userEmails.address, verified: userEmails.verified })
        .from(userEmails)
        .where(and(eq(userEmails.tenantId, tenantId), inList(userEmails.userId, userIds)))
        .orderBy(asc(userEmails.id));
      for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), { address: r.address, verified: r.verified }]);
      return out;
    },
  };
}
