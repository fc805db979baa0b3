import type { Condition, DataType, Policy } from '../conditions/condition';
import { compileRule, type CompiledRule } from '../permissions/endpoint-rules';
import { compilePattern, type CompiledPattern } from '../resources/path-match';
import type { TenantConfig } from '../tenants/tenant';
import type { RoleEdge, RoleGraph } from './effective-roles';
import { PathIndex } from './path-index';
import type { TenantSnapshotData } from './snapshot';

export interface CompiledResource {
  resourceId: string;
  priority: number;
  pattern: CompiledPattern;
  /** operationId -> roles granted it. */
  grants: Map<string, Set<string>>;
}

/** A permission's endpoint rules, ready for matching. */
export interface CompiledPermission {
  permissionId: string;
  name: string;
  allowed: CompiledRule[];
  denied: CompiledRule[];
}

/** A snapshot ready for evaluation: indexes built once per isolate and revision. */
export interface CompiledSnapshot {
  tenantId: string;
  revision: number;
  secretHash: string;
  config: TenantConfig;
  scopes: Set<string>;
  graph: RoleGraph<Condition[]>;
  resources: Map<string, CompiledResource>;
  paths: PathIndex<CompiledResource>;
  dataTypes: Map<string, DataType>;
  permissionsById: Map<string, CompiledPermission>;
  permissionsByName: Map<string, CompiledPermission>;
  /** roleId -> permission ids */
  rolePermissions: Map<string, string[]>;
  /** groupId -> parent groupId (null at the top) */
  groupParents: Map<string, string | null>;
  /** Size of the serialized form, for the benchmark and for cache accounting. */
  bytes: number;
}

export function compileSnapshot(data: TenantSnapshotData, bytes: number): CompiledSnapshot {
  const graph = new Map<string, RoleEdge<Condition[]>[]>();
  for (const [roleId, edges] of data.roleRelations) {
    graph.set(
      roleId,
      edges.map(([related, policy, conditions]: [string, Policy, Condition[]]) => ({ roleId: related, policy, conditions })),
    );
  }
  const resources = new Map<string, CompiledResource>();
  for (const [resourceId, path, priority, grants] of data.resources) {
    resources.set(resourceId, {
      resourceId,
      priority,
      pattern: compilePattern(path),
      grants: new Map(grants.map(([op, roles]) => [op, new Set(roles)])),
    });
  }
  const permissionsById = new Map<string, CompiledPermission>();
  for (const [permissionId, name, allowed, denied] of data.permissions) {
    permissionsById.set(permissionId, { permissionId, name, allowed: allowed.map(compileRule), denied: denied.map(compileRule) });
  }
  return {
    tenantId: data.tenantId,
    revision: data.revision,
    secretHash: data.secretHash,
    config: data.config,
    scopes: new Set(data.scopes),
    graph,
    resources,
    paths: new PathIndex(resources.values(), data.config.trailingSlashPolicy),
    dataTypes: new Map(data.attributes),
    permissionsById,
    permissionsByName: new Map([...permissionsById.values()].map((p) => [p.name, p])),
    rolePermissions: new Map(data.rolePermissions),
    groupParents: new Map(data.groups),
    bytes,
  };
}
