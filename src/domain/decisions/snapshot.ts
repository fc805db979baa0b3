import type { Condition, DataType, Policy } from '../conditions/condition';
import type { EndpointRule } from '../permissions/permission';
import type { TenantConfig } from '../tenants/tenant';

/**
 * What decisions need of a tenant at one revision, as plain data (it travels through KV as JSON).
 * Per-user relations are kept apart (`UserRelationsData`) so that a tenant of 100k users is never
 * loaded whole.
 */
export interface TenantSnapshotData {
  version: 2;
  tenantId: string;
  revision: number;
  secretHash: string;
  config: TenantConfig;
  scopes: string[];
  /** roleId -> [relatedRoleId, policy, conditions][] */
  roleRelations: [string, [string, Policy, Condition[]][]][];
  /** [resourceId, path, priority, [operationId, roleIds[]][]] */
  resources: [string, string, number, [string, string[]][]][];
  /** attributeId -> data type */
  attributes: [string, DataType][];
  /** [permissionId, name, allowed endpoints, denied endpoints] */
  permissions: [string, string, EndpointRule[], EndpointRule[]][];
  /** roleId -> permission ids */
  rolePermissions: [string, string[]][];
  /** [groupId, parentGroupId] (groups are scopes) */
  groups: [string, string | null][];
}

/**
 * A user's relations at one revision: [roleId, scopeId, policy, conditions]; the groups it is a
 * direct member of; whether the principal is an edge (machine identity).
 */
export interface UserRelationsData {
  version: 2;
  relations: [string, string, Policy, Condition[]][];
  groups: string[];
  edge: boolean;
}

/** Rows a snapshot is built from; the storage adapter reads them (no business rules there). */
export interface SnapshotRows {
  tenant: { secretHash: string; config: TenantConfig } | null;
  scopes: string[];
  roleRelations: { roleId: string; relatedRoleId: string; policy: Policy; conditions: Condition[] }[];
  resources: { resourceId: string; path: string; priority: number }[];
  grants: { resourceId: string; roleId: string; operationId: string }[];
  attributes: { attributeId: string; dataType: DataType }[];
  permissions: { permissionId: string; name: string; allowedEndpoints: EndpointRule[]; deniedEndpoints: EndpointRule[] }[];
  rolePermissions: { roleId: string; permissionId: string }[];
  groups: { groupId: string; parentGroupId: string | null }[];
}

/** Pure: rows -> snapshot data. */
export function snapshotFromRows(tenantId: string, revision: number, rows: SnapshotRows): TenantSnapshotData | null {
  if (!rows.tenant) return null;
  const relations = new Map<string, [string, Policy, Condition[]][]>();
  for (const r of rows.roleRelations) {
    const list = relations.get(r.roleId) ?? [];
    list.push([r.relatedRoleId, r.policy, r.conditions]);
    relations.set(r.roleId, list);
  }
  const grants = new Map<string, Map<string, string[]>>();
  for (const g of rows.grants) {
    const byOp = grants.get(g.resourceId) ?? new Map<string, string[]>();
    byOp.set(g.operationId, [...(byOp.get(g.operationId) ?? []), g.roleId]);
    grants.set(g.resourceId, byOp);
  }
  const rolePermissions = new Map<string, string[]>();
  for (const rp of rows.rolePermissions) rolePermissions.set(rp.roleId, [...(rolePermissions.get(rp.roleId) ?? []), rp.permissionId]);
  return {
    version: 2,
    tenantId,
    revision,
    secretHash: rows.tenant.secretHash,
    config: rows.tenant.config,
    scopes: rows.scopes,
    roleRelations: [...relations],
    resources: rows.resources.map((r) => [r.resourceId, r.path, r.priority, [...(grants.get(r.resourceId) ?? new Map())]]),
    attributes: rows.attributes.map((a) => [a.attributeId, a.dataType]),
    permissions: rows.permissions.map((p) => [p.permissionId, p.name, p.allowedEndpoints, p.deniedEndpoints]),
    rolePermissions: [...rolePermissions],
    groups: rows.groups.map((g) => [g.groupId, g.parentGroupId]),
  };
}
