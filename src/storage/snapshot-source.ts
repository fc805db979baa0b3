import { and, eq } from 'drizzle-orm';
import type { SnapshotRows, UserRelationsData } from '../domain/decisions/snapshot';
import type { TrailingSlashPolicy } from '../domain/tenants/tenant';
import type { Db } from './db';
import type { EndpointRule } from '../domain/permissions/permission';
import { attributes, edges, groupMembers, groups, permissions, resourceAuthorizations, resources, rolePermissions, roleRelations, scopes, tenants, userRoleRelations, users } from './schema';
import { parseConditions } from './repositories/json';

/** Reads what a tenant snapshot is compiled from: one D1 batch, so the rows are consistent. */
export async function readSnapshotRows(db: Db, tenantId: string): Promise<SnapshotRows> {
  const [tenant, scopeRows, relationRows, resourceRows, grantRows, attributeRows, permissionRows, rolePermissionRows, groupRows] = await db.batch([
    db.select().from(tenants).where(eq(tenants.appKey, tenantId)),
    db.select({ id: scopes.scopeId }).from(scopes).where(eq(scopes.tenantId, tenantId)),
    db.select().from(roleRelations).where(eq(roleRelations.tenantId, tenantId)),
    db.select({ resourceId: resources.resourceId, path: resources.path, priority: resources.priority }).from(resources).where(eq(resources.tenantId, tenantId)),
    db
      .select({ resourceId: resourceAuthorizations.resourceId, roleId: resourceAuthorizations.roleId, operationId: resourceAuthorizations.operationId })
      .from(resourceAuthorizations)
      .where(eq(resourceAuthorizations.tenantId, tenantId)),
    db.select({ attributeId: attributes.attributeId, dataType: attributes.dataType }).from(attributes).where(eq(attributes.tenantId, tenantId)),
    db.select().from(permissions).where(eq(permissions.tenantId, tenantId)),
    db.select({ roleId: rolePermissions.roleId, permissionId: rolePermissions.permissionId }).from(rolePermissions).where(eq(rolePermissions.tenantId, tenantId)),
    db.select({ groupId: groups.groupId, parentGroupId: groups.parentGroupId }).from(groups).where(eq(groups.tenantId, tenantId)),
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
    permissions: permissionRows.map((p) => ({
      permissionId: p.permissionId,
      name: p.name,
      allowedEndpoints: JSON.parse(p.allowedEndpoints) as EndpointRule[],
      deniedEndpoints: JSON.parse(p.deniedEndpoints) as EndpointRule[],
    })),
    rolePermissions: rolePermissionRows,
    groups: groupRows,
  };
}

/** One user's relations and group memberships, or null when the user does not exist. */
export async function readUserRelations(db: Db, tenantId: string, userId: string): Promise<UserRelationsData | null> {
  const [user, rows, memberships, edge] = await db.batch([
    db.select({ id: users.userId }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.userId, userId))),
    db.select().from(userRoleRelations).where(and(eq(userRoleRelations.tenantId, tenantId), eq(userRoleRelations.userId, userId))),
    db.select({ groupId: groupMembers.groupId }).from(groupMembers).where(and(eq(groupMembers.tenantId, tenantId), eq(groupMembers.userId, userId))),
    db.select({ id: edges.edgeId }).from(edges).where(and(eq(edges.tenantId, tenantId), eq(edges.edgeId, userId))),
  ]);
  if (user.length === 0) return null;
  return {
    version: 2,
    relations: rows.map((r) => [r.roleId, r.scopeId, r.policy, parseConditions(r.conditions)]),
    groups: memberships.map((m) => m.groupId),
    edge: edge.length > 0,
  };
}
