import type { Condition } from '../conditions/condition';
import { closure, listingRoles, type RoleEdge } from '../decisions/effective-roles';
import type { Deps } from '../ports';
import type { SearchRoleOption } from '../roles/role';
import { ALL_SCOPE } from '../tenants/tenant';
import { groupEdges } from '../users/users';
import type { GrantFilter } from './resource';

export interface AccessQuery {
  userIds?: string[];
  roleIds?: string[];
  operationIds?: string[];
  scopeIds?: string[];
  option?: SearchRoleOption;
}

/**
 * H4 as a grant filter: a grant passes when its operation is asked for, its role is one of
 * Roles(roleIds) and one of ListingRoles(u, s) for some asked user and scope. Undefined when no
 * filter applies (scopeIds alone filter nothing).
 */
export async function grantFilter(deps: Deps, tenantId: string, q: AccessQuery): Promise<GrantFilter | undefined> {
  const userIds = q.userIds?.filter(Boolean) ?? [];
  const roleIds = q.roleIds?.filter(Boolean) ?? [];
  const operationIds = q.operationIds?.filter(Boolean) ?? [];
  if (!userIds.length && !roleIds.length && !operationIds.length) return undefined;
  let allowed: Set<string> | undefined;
  const needGraph = userIds.length > 0 || (roleIds.length > 0 && q.option === 'INDIRECT_ROLE');
  const graph = needGraph ? groupEdges(await deps.repos.roles.allRelations(tenantId)) : new Map();
  if (roleIds.length) {
    allowed = q.option === 'INDIRECT_ROLE' ? closure(graph, roleIds, (e) => e.policy === 'ALLOW') : new Set(roleIds);
  }
  if (userIds.length) {
    const scopes = q.scopeIds?.filter(Boolean).length ? q.scopeIds!.filter(Boolean) : [ALL_SCOPE];
    const relations = await deps.repos.users.relationsOf(tenantId, userIds);
    const held = new Set<string>();
    for (const u of userIds) {
      for (const s of scopes) {
        const edges: RoleEdge<Condition[]>[] = relations
          .filter((r) => r.userId === u && (r.scopeId === s || (s !== ALL_SCOPE && r.scopeId === ALL_SCOPE)))
          .map((r) => ({ roleId: r.roleId, policy: r.policy, conditions: r.conditions }));
        for (const role of listingRoles(graph, edges)) held.add(role);
      }
    }
    allowed = allowed ? new Set([...allowed].filter((r) => held.has(r))) : held;
  }
  return { roleIds: allowed ? [...allowed] : undefined, operationIds: operationIds.length ? operationIds : undefined };
}
