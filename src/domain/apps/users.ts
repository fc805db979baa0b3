import { applyChange } from '../change';
import { DomainError, invalid } from '../errors';
import type { Account, AccountFilter, TextMatch } from '../identity/account';
import type { Page, PageRequest } from '../paging';
import type { Deps } from '../ports';
import { ALL_SCOPE, type Tenant } from '../tenants/tenant';
import { additionHistory, removalHistory } from '../users/history';
import { userRelationRecords } from '../users/relation-inputs';
import type { UserRoleRelation } from '../users/user';
import { mayManagePartition, mayView, ownAccount, roleContext, roleView, seesOrganizationUsers, visiblePartitions, type AppsCaller, type RoleContext, type RoleView } from './access';
import { checkPartition } from './contracts';

export interface ServiceRole {
  servicePartition: string;
  roleId: string;
  roleName: string;
}

/** A user of the organization as the Apps API shows it to one caller. */
export interface AppsUser {
  account: Account;
  organizationId: string | null;
  emails: { address: string; verified: boolean }[];
  view: RoleView;
  /** Roles assigned directly in scope ALL whose group is a service partition the caller may see. */
  serviceRoles: ServiceRole[];
  hasProfileImage: boolean;
}

export interface AppsUserFilter {
  accountIds?: string[];
  names?: string[];
  nicknames?: string[];
  emails?: string[];
  disabled?: boolean;
  /** Users assigned a role of this partition (any, or one named in `roles`). */
  servicePartition?: string;
  roles?: string[];
}

export type AppsUserSortField = 'name' | 'createdAt' | 'updatedAt';

/** One read of everything the users' wire needs: relations, e-mails and images for the whole page at once. */
async function present(deps: Deps, tenant: Tenant, caller: AppsCaller, accounts: Account[], ctx: RoleContext): Promise<AppsUser[]> {
  const ids = accounts.map((a) => a.userId);
  const [relations, emails, withImage] = await Promise.all([
    deps.repos.users.relationsOf(tenant.appKey, ids),
    deps.repos.apps.emailsOf(tenant.appKey, ids),
    deps.repos.apps.imageOwners(tenant.appKey, 'user', ids),
  ]);
  return accounts.map((account) => {
    const own = relations.filter((r) => r.userId === account.userId);
    const sees = visiblePartitions(caller, account.userId);
    const serviceRoles = own
      .filter((r) => r.scopeId === ALL_SCOPE && r.policy === 'ALLOW')
      .flatMap((r) => {
        const role = ctx.catalog.get(r.roleId);
        return role?.roleGroup && sees(role.roleGroup) ? [{ servicePartition: role.roleGroup, roleId: role.roleId, roleName: role.roleName ?? role.roleId }] : [];
      })
      .sort((a, b) => (a.servicePartition + '\u0000' + a.roleName < b.servicePartition + '\u0000' + b.roleName ? -1 : 1));
    return {
      account,
      organizationId: tenant.organizationId,
      emails: emails.get(account.userId) ?? [],
      view: roleView(ctx, own),
      serviceRoles,
      hasProfileImage: withImage.has(account.userId),
    };
  });
}

async function visibleAccount(deps: Deps, tenant: Tenant, caller: AppsCaller, accountId: string): Promise<Account> {
  const account = mayView(caller, accountId) ? await deps.repos.accounts.find(tenant.appKey, accountId) : null;
  // Users the caller may not see are as absent as users that do not exist.
  if (!account) throw new DomainError('user.not_found', `user ${accountId} not found`);
  return account;
}

export async function getAppsUser(deps: Deps, tenant: Tenant, caller: AppsCaller, accountId: string): Promise<AppsUser> {
  const account = await visibleAccount(deps, tenant, caller, accountId);
  const [user] = await present(deps, tenant, caller, [account], await roleContext(deps, tenant.appKey));
  return user!;
}

/** `/me`: the caller's own user. */
export function getMe(deps: Deps, tenant: Tenant, caller: AppsCaller): Promise<AppsUser> {
  return getAppsUser(deps, tenant, caller, ownAccount(caller));
}

const partial = (values?: string[]): TextMatch[] | undefined => values?.map((value) => ({ value, exact: false }));

/**
 * `/users` and `/users/query`: the users the caller sees — every user of the organization for an
 * organization admin or a product owner, only itself for anyone else — filtered and paged. A
 * `servicePartition` filter over a partition whose roles of others the caller cannot see finds at
 * most the caller.
 */
export async function listAppsUsers(deps: Deps, tenant: Tenant, caller: AppsCaller, filter: AppsUserFilter, page: PageRequest<AppsUserSortField>): Promise<Page<AppsUser>> {
  const self = ownAccount(caller);
  const ctx = await roleContext(deps, tenant.appKey);
  let accountIds = filter.accountIds;
  if (!seesOrganizationUsers(caller)) accountIds = (accountIds ?? [self]).filter((id) => id === self);
  let roleIds: string[] | undefined;
  if (filter.roles?.length && !filter.servicePartition) throw invalid('roles needs service_partition');
  if (filter.servicePartition !== undefined) {
    checkPartition(filter.servicePartition);
    // Who holds a partition's roles is as hidden as the roles themselves: a caller that cannot see
    // others' roles of this partition (a product owner of another one) finds at most itself.
    if (!caller.view.isOrganizationAdmin && !caller.view.ownedPartitions.has(filter.servicePartition)) {
      accountIds = (accountIds ?? [self]).filter((id) => id === self);
    }
    const names = filter.roles?.length ? new Set(filter.roles) : null;
    roleIds = [...ctx.catalog.values()].filter((r) => r.roleGroup === filter.servicePartition && (!names || names.has(r.roleName ?? ''))).map((r) => r.roleId);
  }
  if (accountIds?.length === 0 || roleIds?.length === 0) return { totalItems: 0, items: [] };
  const accountFilter: AccountFilter = {
    userIds: accountIds,
    names: partial(filter.names),
    nicknames: partial(filter.nicknames),
    emails: partial(filter.emails),
    disabled: filter.disabled,
    roleIds,
  };
  const found = await deps.repos.accounts.list(tenant.appKey, accountFilter, page);
  return { totalItems: found.totalItems, items: await present(deps, tenant, caller, found.items, ctx) };
}

/** The partition's roles named `roleNames` (each must exist in it). */
function partitionRoles(ctx: RoleContext, partition: string, roleNames: string[]) {
  checkPartition(partition);
  if (roleNames.length === 0 || roleNames.length > 100) throw invalid('roles must name 1 to 100 roles');
  return [...new Set(roleNames)].map((name) => {
    const matches = [...ctx.catalog.values()].filter((r) => r.roleGroup === partition && r.roleName === name);
    if (matches.length === 0) throw new DomainError('role.not_found', `service partition ${partition} has no role ${name}`);
    if (matches.length > 1) throw new DomainError('conflict', `service partition ${partition} has several roles named ${name}`);
    return matches[0]!;
  });
}

async function changeServiceRoles(
  deps: Deps,
  tenant: Tenant,
  caller: AppsCaller,
  accountId: string,
  input: { servicePartition: string; roles: string[] },
  change: (held: UserRoleRelation[], wanted: string[]) => Parameters<typeof applyChange>[2],
): Promise<AppsUser> {
  ownAccount(caller);
  const ctx = await roleContext(deps, tenant.appKey);
  const roles = partitionRoles(ctx, input.servicePartition, input.roles);
  await visibleAccount(deps, tenant, caller, accountId);
  if (!mayManagePartition(caller, input.servicePartition, roles.map((r) => r.roleName ?? ''))) {
    throw new DomainError('forbidden', `the caller may not manage the roles of service partition ${input.servicePartition}`);
  }
  const held = (await deps.repos.users.relationsOf(tenant.appKey, [accountId])).filter((r) => r.scopeId === ALL_SCOPE);
  const ops = change(held, roles.map((r) => r.roleId));
  if (ops.length > 0) await applyChange(deps, tenant.appKey, ops, 'user_role.duplicate');
  return getAppsUser(deps, tenant, caller, accountId);
}

/** Assigns roles of one service partition (already held ones are left as they are), in one batch. */
export function assignServiceRoles(deps: Deps, tenant: Tenant, caller: AppsCaller, accountId: string, input: { servicePartition: string; roles: string[] }) {
  return changeServiceRoles(deps, tenant, caller, accountId, input, (held, wanted) => {
    const records = userRelationRecords(
      deps,
      wanted.filter((roleId) => !held.some((r) => r.roleId === roleId)).map((roleId) => ({ userId: accountId, roleId, scopeId: ALL_SCOPE })),
    );
    return [...deps.repos.users.insertRelations(tenant.appKey, records), ...deps.repos.users.insertHistories(tenant.appKey, records.map((r) => additionHistory(deps, r)))];
  });
}

/** Unassigns roles of one service partition (roles not held are ignored), in one batch. */
export function unassignServiceRoles(deps: Deps, tenant: Tenant, caller: AppsCaller, accountId: string, input: { servicePartition: string; roles: string[] }) {
  return changeServiceRoles(deps, tenant, caller, accountId, input, (held, wanted) => {
    const gone = held.filter((r) => r.policy === 'ALLOW' && wanted.includes(r.roleId));
    return [...deps.repos.users.insertHistories(tenant.appKey, gone.map((r) => removalHistory(deps, r))), ...deps.repos.users.deleteRelations(tenant.appKey, gone)];
  });
}
