import { and, eq } from 'drizzle-orm';
import type { SnapshotRows, UserRelationsData } from '../domain/decisions/snapshot';
import type { TrailingSlashPolicy } from '../domain/tenants/tenant';
import type { Db } from './db';
import { attributes, resourceAuthorizations, resources, roleRelations, scopes, tenants, userRoleRelations, users } from './schema';
import { parseConditions } from './repositories/json';

/** Reads what a tenant snapshot is compiled from: one D1 batch, so the rows are consistent. */
export async function readSnapshotRows(db: Db, tenantId: string): Promise<SnapshotRows> {
  const [tenant, scopeRows, relationRows, resourceRows, grantRows, attributeRows] = await db.batch([
    db.select().from(tenants).where(eq(tenants.appKey, tenantId)),
    db.select({ id: scopes.scopeId }).from(scopes).where(eq(scopes.tenantId, tenantId)),
    db.select().from(roleRelations).where(eq(roleRelations.tenantId, tenantId)),
    db.select({ resourceId: resources.resourceId, path: resources.path, priority: resources.priority }).from(resources).where(eq(resources.tenantId, tenantId)),
    db
      .select({ resourceId: resourceAuthorizations.resourceId, roleId: resourceAuthorizations.roleId, operationId: resourceAuthorizations.operationId })
      .from(resourceAuthorizations)
      .where(eq(resourceAuthorizations.tenantId, tenantId)),
    db.select({ attributeId: attributes.attributeId, dataType: attributes.dataType }).from(attributes).where(eq(attributes.tenantId, tenantId)),
  ]);
  const t = tenant[0];
  return {
    tenant: t
      ? {
          secretHash: t.secretHash,
          config: {
            cacheTtl: t.cacheTtl,
            cacheSize: t.cacheSize,
            cacheSizeByPath: t.cacheSizeByPath,
            cacheSizeTree: t.cacheSizeTree,
            trailingSlashPolicy: t.trailingSlashPolicy as TrailingSlashPolicy,
            cacheFlushTime: t.cacheFlushTime,
          },
        }
      : null,
    scopes: scopeRows.map((s) => s.id),
    roleRelations: relationRows.map((r) => ({ roleId: r.roleId, relatedRoleId: r.relatedRoleId, policy: r.policy, conditions: parseConditions(r.conditions) })),
    resources: resourceRows,
    grants: grantRows,
    attributes: attributeRows,
  };
}

/** One user's relations, or null when the user does not exist. */
export async function readUserRelations(db: Db, tenantId: string, userId: string): Promise<UserRelationsData | null> {
  const [user, rows] = await db.batch([
    db.select({ id: users.userId }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.userId, userId))),
    db.select().from(userRoleRelations).where(and(eq(userRoleRelations.tenantId, tenantId), eq(userRoleRelations.userId, userId))),
  ]);
  if (user.length === 0) return null;
  return { version: 1, relations: rows.map((r) => [r.roleId, r.scopeId, r.policy, parseConditions(r.conditions)]) };
}
