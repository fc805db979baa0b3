import type { Policy } from '../conditions/condition';

/** A relation edge as the role algorithms see it: a user's relation or a role's relation. */
export interface RoleEdge<C = unknown> {
  roleId: string;
  policy: Policy;
  conditions: C;
}

/** Outgoing role relations: role -> its sub-roles (R1). */
export type RoleGraph<C = unknown> = ReadonlyMap<string, readonly RoleEdge<C>[]>;

/**
 * Roles reachable from `seeds` through active ALLOW relations, never entering `blocked`
 * (each role visited once, so cycles are harmless — R4).
 */
export function closure<C>(
  graph: RoleGraph<C>,
  seeds: Iterable<string>,
  isActive: (edge: RoleEdge<C>) => boolean,
  blocked: ReadonlySet<string> = new Set(),
): Set<string> {
  const seen = new Set<string>();
  const stack: string[] = [];
  for (const s of seeds) {
    if (!blocked.has(s) && !seen.has(s)) {
      seen.add(s);
      stack.push(s);
    }
  }
  while (stack.length > 0) {
    const role = stack.pop()!;
    for (const edge of graph.get(role) ?? []) {
      if (edge.policy !== 'ALLOW' || seen.has(edge.roleId) || blocked.has(edge.roleId) || !isActive(edge)) continue;
      seen.add(edge.roleId);
      stack.push(edge.roleId);
    }
  }
  return seen;
}

/**
 * Effective roles of a user (semantics §7): `relations` are the user's relations already narrowed
 * to the check's scope (its own plus ALL). `isAllowActive` / `isDenyActive` decide conditions
 * (C3: an ALLOW needs every condition TRUE; a DENY applies unless some condition is FALSE).
 */
export function effectiveRoles<C>(
  graph: RoleGraph<C>,
  relations: readonly RoleEdge<C>[],
  isAllowActive: (edge: RoleEdge<C>) => boolean,
  isDenyActive: (edge: RoleEdge<C>) => boolean,
): Set<string> {
  const seeds: string[] = [];
  const denied = new Set<string>();
  for (const r of relations) {
    if (r.policy === 'ALLOW' ? isAllowActive(r) : false) seeds.push(r.roleId);
    else if (r.policy === 'DENY' && isDenyActive(r)) denied.add(r.roleId);
  }
  const reach = closure(graph, seeds, isAllowActive);
  for (const role of reach) {
    for (const edge of graph.get(role) ?? []) {
      if (edge.policy === 'DENY' && isDenyActive(edge)) denied.add(edge.roleId);
    }
  }
  return closure(graph, seeds, isAllowActive, denied);
}

/** Roles held when every condition is taken as TRUE (listing filters, H4). */
export function listingRoles<C>(graph: RoleGraph<C>, relations: readonly RoleEdge<C>[]): Set<string> {
  const always = () => true;
  return effectiveRoles(graph, relations, always, always);
}
