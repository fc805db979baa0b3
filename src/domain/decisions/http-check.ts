import { requestSegments, ruleMatches } from '../permissions/endpoint-rules';
import { invalid } from '../errors';
import type { Deps } from '../ports';
import { ALL_SCOPE } from '../tenants/tenant';
import { decisionSnapshot } from './checks';
import type { CompiledPermission, CompiledSnapshot } from './compiled';
import { effectiveRoles } from './effective-roles';
import type { UserRelationsData } from './snapshot';

/** Permission names (OAuth scope values) standing for "every permission the principal holds". */
export type RequestScopes = readonly string[];

export interface HttpCheckRequest {
  method: string;
  path: string;
  /** Names of permissions the request carries (intdash "request scopes"). */
  scopes: RequestScopes;
  /** The principal (user or edge) whose group or project membership may decide. */
  subject?: string | null;
  /** When set, only permissions of these names may allow (a token's scopes narrowing a user's roles). */
  within?: ReadonlySet<string> | null;
}

/**
 * Endpoint rules over a set of permissions: some permission allows `method path` and none denies
 * it (a denied endpoint wins over any allowed one).
 */
function permitted(permissions: Iterable<CompiledPermission>, method: string, segments: readonly string[]): boolean {
  let allowed = false;
  for (const p of permissions) {
    if (p.denied.some((r) => ruleMatches(r, method, segments))) return false;
    if (!allowed && p.allowed.some((r) => ruleMatches(r, method, segments))) allowed = true;
  }
  return allowed;
}

const byName = (snapshot: CompiledSnapshot, names: RequestScopes) =>
  names.flatMap((n) => {
    const p = snapshot.permissionsByName.get(n);
    return p ? [p] : [];
  });

/** `/…/groups/{id}/…` or `/…/projects/{id}/…` naming a group of the tenant (projects are groups). */
function classify(snapshot: CompiledSnapshot, segments: readonly string[]): { kind: 'group' | 'project'; groupId: string } | null {
  for (let i = 0; i + 1 < segments.length; i++) {
    const word = segments[i];
    if ((word === 'groups' || word === 'projects') && snapshot.groupParents.has(segments[i + 1]!)) {
      return { kind: word === 'groups' ? 'group' : 'project', groupId: segments[i + 1]! };
    }
  }
  return null;
}

/** The group and its ancestors, nearest first (a cycle, which writes prevent, stops the walk). */
export function groupLineage(snapshot: CompiledSnapshot, groupId: string): string[] {
  const out: string[] = [];
  for (let g: string | null | undefined = groupId; g && !out.includes(g); g = snapshot.groupParents.get(g)) out.push(g);
  return out;
}

/**
 * Permissions a principal holds through its roles in `scopeIds` (ALL always included): roles
 * reached through role relations count, DENY relations subtract (semantics §7); a conditional
 * relation cannot be satisfied here (no attributes), so it grants nothing and its DENY applies.
 */
export function heldPermissions(snapshot: CompiledSnapshot, user: UserRelationsData, scopeIds: readonly string[]): CompiledPermission[] {
  const scopes = new Set([ALL_SCOPE, ...scopeIds]);
  const edges = user.relations.filter(([, s]) => scopes.has(s)).map(([roleId, , policy, conditions]) => ({ roleId, policy, conditions }));
  const roles = effectiveRoles(snapshot.graph, edges, (e) => e.conditions.length === 0, () => true);
  const ids = new Set<string>();
  for (const role of roles) for (const id of snapshot.rolePermissions.get(role) ?? []) ids.add(id);
  return [...ids].flatMap((id) => snapshot.permissionsById.get(id) ?? []);
}

/**
 * Check HTTP Authorization (intdash). Without a subject, the request's scopes decide. With one,
 * the path is classified: under a group the subject is a member of (directly or through an
 * ancestor group), its permissions in that group decide; under such a project, the same for
 * members, while edges are judged by the request's scopes; any other path, or a subject that is
 * not a member, is judged by the request's scopes.
 */
export function decideHttp(snapshot: CompiledSnapshot, user: UserRelationsData | null, request: HttpCheckRequest): boolean {
  const segments = requestSegments(request.path);
  const method = request.method.toUpperCase();
  const requested = () => permitted(byName(snapshot, request.scopes), method, segments);
  if (!request.subject || !user) return requested();
  const place = classify(snapshot, segments);
  if (!place) return requested();
  const lineage = groupLineage(snapshot, place.groupId);
  if (!lineage.some((g) => user.groups.includes(g))) return requested();
  if (place.kind === 'project' && user.edge) return requested();
  const held = heldPermissions(snapshot, user, lineage).filter((p) => !request.within || request.within.has(p.name));
  return permitted(held, method, segments);
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** `POST /authorization/http`: the check at the tenant's newest revision this isolate knows. */
export async function checkHttp(deps: Deps, tenantId: string, request: HttpCheckRequest, minRevision?: number): Promise<{ revision: number; result: boolean }> {
  if (!METHODS.has(request.method.toUpperCase())) throw invalid('method must be one of GET, POST, PUT, PATCH, DELETE');
  if (!request.path.startsWith('/') || request.path.length > 4096) throw invalid('path must start with / and be at most 4096 characters');
  const read = await decisionSnapshot(deps, tenantId, minRevision);
  const { snapshot, user } = request.subject ? await deps.decisions.userView(tenantId, read, request.subject) : { snapshot: read, user: null };
  return { revision: snapshot.revision, result: decideHttp(snapshot, user, request) };
}
