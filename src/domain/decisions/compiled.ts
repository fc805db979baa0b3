import type { Condition, DataType, Policy } from '../conditions/condition';
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
    bytes,
  };
}
