import type { Condition, Policy } from '../conditions/condition';
import { decisionSnapshot } from '../decisions/checks';
import type { CompiledSnapshot } from '../decisions/compiled';
import { effectiveRoles } from '../decisions/effective-roles';
import { DomainError } from '../errors';
import type { Deps } from '../ports';
import { revisionMemo } from '../revision-memo';
import { ALL_SCOPE, type Tenant } from '../tenants/tenant';
import { verifyAccessToken } from '../tokens/access-token';
import { ORGANIZATION_ADMIN_ROLE, PRODUCT_OWNER_ROLE, type CatalogRole } from './model';

// Per tenant revision (every write that changes them bumps the revision).
const allowedClients = revisionMemo(async (deps, tenantId) => new Set(await deps.repos.apps.allowedClientIds(tenantId)), 1_000);
const catalog = revisionMemo(async (deps, tenantId) => new Map((await deps.repos.apps.roleCatalog(tenantId)).map((r) => [r.roleId, r])), 1_000);

/** The roles a principal holds as the Apps API sees them, and what they let it do. */
export interface RoleView {
  /** Effective roles in scope ALL (role relations followed, DENY subtracted, conditional relations ignored). */
  roles: CatalogRole[];
  isOrganizationAdmin: boolean;
  /** Service partitions whose `product_owner` role it holds. */
  ownedPartitions: Set<string>;
}

/** Who calls the Apps API: an allowed client, for a user of the tenant or (client credentials) for itself. */
export interface AppsCaller {
  clientId: string;
  /** The user the token was issued for; null for a client's own token. */
  accountId: string | null;
  view: RoleView;
}

/** A tenant's decision data at its current revision, for role views. */
export interface RoleContext {
  snapshot: CompiledSnapshot;
  catalog: Map<string, CatalogRole>;
}

export async function roleContext(deps: Deps, tenantId: string): Promise<RoleContext> {
  const snapshot = await decisionSnapshot(deps, tenantId);
  return { snapshot, catalog: await catalog(deps, tenantId, snapshot.revision) };
}

type Relation = { roleId: string; scopeId: string; policy: Policy; conditions: Condition[] };

/** Pure: the role view of a principal with these relations. */
export function roleView(ctx: RoleContext, relations: readonly Relation[]): RoleView {
  const edges = relations.filter((r) => r.scopeId === ALL_SCOPE);
  const held = effectiveRoles(ctx.snapshot.graph, edges, (e) => e.conditions.length === 0, () => true);
  const roles = [...held].flatMap((id) => ctx.catalog.get(id) ?? []);
  return {
    roles,
    isOrganizationAdmin: roles.some((r) => r.roleName === ORGANIZATION_ADMIN_ROLE),
    ownedPartitions: new Set(roles.filter((r) => r.roleName === PRODUCT_OWNER_ROLE && r.roleGroup).map((r) => r.roleGroup!)),
  };
}

const NO_ROLES: RoleView = { roles: [], isOrganizationAdmin: false, ownedPartitions: new Set() };

/** The role view of one user, from the cached snapshot and the user's cached relations. */
export async function userRoleView(deps: Deps, tenantId: string, userId: string, ctx?: RoleContext): Promise<RoleView> {
  const c = ctx ?? (await roleContext(deps, tenantId));
  const data = await deps.decisions.userRelations(tenantId, c.snapshot.revision, userId);
  if (!data) return NO_ROLES;
  return roleView(
    c,
    data.relations.map(([roleId, scopeId, policy, conditions]) => ({ roleId, scopeId, policy, conditions })),
  );
}

/**
 * Authenticates an Apps API call: an access token of this tenant (J-6: another tenant's is
 * worthless here) whose client the tenant's administrator allowed, issued for an enabled user of
 * the tenant or for the client itself.
 */
export async function authenticateApps(deps: Deps, appKey: string, token: string | undefined, issuer: string): Promise<{ tenant: Tenant; caller: AppsCaller }> {
  const unauthorized = () => new DomainError('unauthorized', 'a valid access token of this tenant is required');
  const known = await deps.decisions.tenant(appKey);
  if (!known || !token) throw unauthorized();
  const claims = await verifyAccessToken(deps, appKey, token, issuer).catch(() => {
    throw unauthorized();
  });
  if (!(await allowedClients(deps, appKey, known.revision)).has(claims.client_id)) {
    throw new DomainError('forbidden', 'this client is not allowed to use the Apps API of this tenant');
  }
  const { secretHash: _hidden, ...tenant } = known.record;
  const account = await deps.repos.accounts.find(appKey, claims.sub);
  if (account) {
    if (account.disabled) throw unauthorized();
    return { tenant, caller: { clientId: claims.client_id, accountId: account.userId, view: await userRoleView(deps, appKey, account.userId) } };
  }
  if (claims.sub === claims.client_id) return { tenant, caller: { clientId: claims.client_id, accountId: null, view: NO_ROLES } };
  throw unauthorized();
}

/** The caller's own user; a client's own token has none. */
export function ownAccount(caller: AppsCaller): string {
  if (!caller.accountId) throw new DomainError('forbidden', "this operation needs a user's access token");
  return caller.accountId;
}

/** Whether the caller sees other users than itself (organization admins and product owners do). */
export function seesOrganizationUsers(caller: AppsCaller): boolean {
  return caller.view.isOrganizationAdmin || caller.view.ownedPartitions.size > 0;
}

/** Whether the caller sees `accountId`'s data: itself always, others when it sees the organization's users. */
export function mayView(caller: AppsCaller, accountId: string): boolean {
  return caller.accountId === accountId || (caller.accountId !== null && seesOrganizationUsers(caller));
}

/** Which service partitions of `accountId` the caller sees: all (itself, an organization admin), else those it owns. */
export function visiblePartitions(caller: AppsCaller, accountId: string): (partition: string) => boolean {
  if (caller.accountId === accountId || caller.view.isOrganizationAdmin) return () => true;
  return (p) => caller.view.ownedPartitions.has(p);
}

/** Who may assign or unassign `partition`'s roles: organization admins, and the partition's product owner (not its `product_owner` role). */
export function mayManagePartition(caller: AppsCaller, partition: string, roleNames: readonly string[]): boolean {
  if (caller.view.isOrganizationAdmin) return true;
  return caller.view.ownedPartitions.has(partition) && !roleNames.includes(PRODUCT_OWNER_ROLE);
}
