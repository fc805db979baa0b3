import { and, eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SnapshotRows, UserRelationsData } from '../domain/decisions/snapshot';
import type { TrailingSlashPolicy } from '../domain/tenants/tenant';
import type { Db } from './db';
import type { EndpointRule } from '../domain/permissions/permission';
import { attributes, edges, groupMembers, groups, permissions, resourceAuthorizations, resources, rolePermissions, roleRelations, scopes, tenants, userRoleRelations, users } from './schema';
import { parseConditions } from './repositories/json';

/**
 * What a read saw, named by `tenants.snapshot_seq`: SQLite triggers count it up in the same
 * transaction as every change to the tables a snapshot is compiled from (migration 0012). Two
 * reads with the same `seq` saw the same snapshot tables, whatever else changed between them.
 */
export interface Seen<T> {
  value: T;
  /** -1 when the tenant does not exist. */
  seq: number;
}

// Every query of one read goes into one D1 batch (one round trip, one consistent state).
type Query = BatchItem<'sqlite'>;
type Rows = Record<string, unknown>[];

function snapshotQueries(db: Db, tenantId: string): Query[] {
  return [
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
  ] as Query[];
}

function snapshotFrom(results: unknown[]): Seen<SnapshotRows> {
  const [tenant, scopeRows, relationRows, resourceRows, grantRows, attributeRows, permissionRows, rolePermissionRows, groupRows] = results as [
    (typeof tenants.$inferSelect)[],
    { id: string }[],
    (typeof roleRelations.$inferSelect)[],
    SnapshotRows['resources'],
    SnapshotRows['grants'],
    SnapshotRows['attributes'],
    (typeof permissions.$inferSelect)[],
    SnapshotRows['rolePermissions'],
    SnapshotRows['groups'],
  ];
  const t = tenant[0];
  const rows: SnapshotRows = {
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
  return { value: rows, seq: t ? t.snapshotSeq : -1 };
}

function userQueries(db: Db, tenantId: string, userId: string): Query[] {
  return [
    db.select({ seq: tenants.snapshotSeq }).from(tenants).where(eq(tenants.appKey, tenantId)),
    db.select({ id: users.userId }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.userId, userId))),
    db.select().from(userRoleRelations).where(and(eq(userRoleRelations.tenantId, tenantId), eq(userRoleRelations.userId, userId))),
    db.select({ groupId: groupMembers.groupId }).from(groupMembers).where(and(eq(groupMembers.tenantId, tenantId), eq(groupMembers.userId, userId))),
    db.select({ id: edges.edgeId }).from(edges).where(and(eq(edges.tenantId, tenantId), eq(edges.edgeId, userId))),
  ] as Query[];
}

function userFrom(results: unknown[]): Seen<UserRelationsData | null> {
  const [tenant, user, rows, memberships, edge] = results as [{ seq: number }[], Rows, (typeof userRoleRelations.$inferSelect)[], { groupId: string }[], Rows];
  const seq = tenant[0]?.seq ?? -1;
  if (user.length === 0) return { value: null, seq };
  return {
    value: {
      version: 2,
      relations: rows.map((r) => [r.roleId, r.scopeId, r.policy, parseConditions(r.conditions)]),
      groups: memberships.map((m) => m.groupId),
      edge: edge.length > 0,
    },
    seq,
  };
}

async function batch(db: Db, queries: Query[]): Promise<unknown[]> {
  const [first, ...rest] = queries;
  return db.batch([first!, ...rest]);
}

/** Reads what a tenant snapshot is compiled from: one D1 batch, so the rows are consistent. */
export async function readSnapshotRows(db: Db, tenantId: string): Promise<Seen<SnapshotRows>> {
  return snapshotFrom(await batch(db, snapshotQueries(db, tenantId)));
}

/** The tenant's `snapshot_seq` now, or null for an unknown tenant: whether a held snapshot is still the current one. */
export async function readSnapshotSeq(db: Db, tenantId: string): Promise<number | null> {
  const rows = await db.select({ seq: tenants.snapshotSeq }).from(tenants).where(eq(tenants.appKey, tenantId));
  return rows[0]?.seq ?? null;
}

/** One user's relations and group memberships (null when the user does not exist), with the `seq` they were read at. */
export async function readUserRelations(db: Db, tenantId: string, userId: string): Promise<Seen<UserRelationsData | null>> {
  return userFrom(await batch(db, userQueries(db, tenantId, userId)));
}

/** Both reads in one batch: a snapshot and a user's relations of one and the same state. */
export async function readSnapshotAndUser(db: Db, tenantId: string, userId: string): Promise<{ snapshot: Seen<SnapshotRows>; user: Seen<UserRelationsData | null> }> {
  const snapshot = snapshotQueries(db, tenantId);
  const results = await batch(db, [...snapshot, ...userQueries(db, tenantId, userId)]);
  return { snapshot: snapshotFrom(results.slice(0, snapshot.length)), user: userFrom(results.slice(snapshot.length)) };
}
