import { and, eq, gt } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SnapshotRows, UserRelationsData } from '../domain/decisions/snapshot';
import type { TrailingSlashPolicy } from '../domain/tenants/tenant';
import type { Db } from './db';
import type { EndpointRule } from '../domain/permissions/permission';
import { attributes, edges, groupMembers, groups, permissions, resourceAuthorizations, resources, rolePermissions, roleRelations, scopes, tenants, userChanges, userRoleRelations, users } from './schema';
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

/** A snapshot read also names the tenant's `user_seq` it saw (the per-user change log's count). */
export type SnapshotRead = Seen<SnapshotRows> & { userSeq: number };

function snapshotFrom(results: unknown[]): SnapshotRead {
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
  return { value: rows, seq: t ? t.snapshotSeq : -1, userSeq: t ? t.userSeq : 0 };
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
export async function readSnapshotRows(db: Db, tenantId: string): Promise<SnapshotRead> {
  return snapshotFrom(await batch(db, snapshotQueries(db, tenantId)));
}

/** What changed since an isolate last looked: the counters now, and the users changed since `sinceUserSeq`. */
export interface ChangesSince {
  snapshotSeq: number;
  userSeq: number;
  /** Users whose relations changed after `sinceUserSeq`; null when more than the limit asked for. */
  changedUsers: string[] | null;
}

/** Both counters and the change log since `sinceUserSeq` in one batch (one state); null for an unknown tenant. */
export async function readChangesSince(db: Db, tenantId: string, sinceUserSeq: number, limit: number): Promise<ChangesSince | null> {
  const [counters, changed] = (await batch(db, [
    db.select({ seq: tenants.snapshotSeq, userSeq: tenants.userSeq }).from(tenants).where(eq(tenants.appKey, tenantId)),
    db
      .select({ userId: userChanges.userId })
      .from(userChanges)
      .where(and(eq(userChanges.tenantId, tenantId), gt(userChanges.seq, sinceUserSeq)))
      .limit(limit + 1),
  ] as Query[])) as [{ seq: number; userSeq: number }[], { userId: string }[]];
  const t = counters[0];
  if (!t) return null;
  return { snapshotSeq: t.seq, userSeq: t.userSeq, changedUsers: changed.length > limit ? null : changed.map((c) => c.userId) };
}

/** One user's relations and group memberships (null when the user does not exist), with the `seq` they were read at. */
export async function readUserRelations(db: Db, tenantId: string, userId: string): Promise<Seen<UserRelationsData | null>> {
  return userFrom(await batch(db, userQueries(db, tenantId, userId)));
}

/** Both reads in one batch: a snapshot and a user's relations of one and the same state. */
export async function readSnapshotAndUser(db: Db, tenantId: string, userId: string): Promise<{ snapshot: SnapshotRead; user: Seen<UserRelationsData | null> }> {
  const snapshot = snapshotQueries(db, tenantId);
  const results = await batch(db, [...snapshot, ...userQueries(db, tenantId, userId)]);
  return { snapshot: snapshotFrom(results.slice(0, snapshot.length)), user: userFrom(results.slice(snapshot.length)) };
}
