import { applyChange } from '../change';
import { DomainError, invalid } from '../errors';
import type { Caller } from '../identity/principal';
import type { Page, PageRequest } from '../paging';
import type { Deps, WriteOp } from '../ports';
import { DEFAULT_ROLE_ADMIN } from '../permissions/defaults';
import { scopeRecord } from '../scopes/scopes';
import { additionHistory, removalHistory } from '../users/history';
import type { UserRoleRelation } from '../users/user';
import type { Group, GroupMember, GroupSortField } from './group';

const MAX_NAME = 255;

function checkName(name: string) {
  if ([...name].length < 1 || [...name].length > MAX_NAME) throw invalid(`name must be 1 to ${MAX_NAME} characters`);
}

export async function requireGroup(deps: Deps, tenantId: string, groupId: string): Promise<Group> {
  const group = await deps.repos.groups.find(tenantId, groupId);
  if (!group) throw new DomainError('group.not_found', `group ${groupId} not found`);
  return group;
}

/** The user behind a caller (a user's or an edge's token); the tenant key and bare clients have none. */
export function callerUserId(caller: Caller): string | null {
  return caller.kind === 'user' ? caller.userId : null;
}

/** The tenant's `admin` role (the oldest, should several share the name), or null when it was deleted. */
async function adminRoleId(deps: Deps, tenantId: string): Promise<string | null> {
  const found = await deps.repos.roles.search(tenantId, { roleNameLike: DEFAULT_ROLE_ADMIN }, { page: 1, itemsPerPage: 100, sort: [{ field: 'createdAt', direction: 'ASC' }] });
  return found.items.find((r) => r.roleName === DEFAULT_ROLE_ADMIN)?.roleId ?? null;
}

/** A relation of `userId` holding `roleId` in the group's scope. */
export const groupRelation = (userId: string, roleId: string, groupId: string, at: string): UserRoleRelation => ({
  userId,
  roleId,
  scopeId: groupId,
  policy: 'ALLOW',
  conditions: [],
  createdAt: at,
});

/**
 * Create Group / Create Sub-group. One batch writes the group, its scope (scopeId = group uuid)
 * and — when a user creates it — the creator's membership as owner, holding the tenant's `admin`
 * role in the new group (with its Role API history entry). With the tenant secret key (or a client
 * without a user) the group has no owner.
 */
export async function createGroup(deps: Deps, tenantId: string, caller: Caller, input: { name: string; parentGroupId?: string | null }): Promise<Group> {
  checkName(input.name);
  if (input.parentGroupId) await requireGroup(deps, tenantId, input.parentGroupId);
  const now = deps.clock.now().toISOString();
  const group: Group = { groupId: crypto.randomUUID(), parentGroupId: input.parentGroupId ?? null, name: input.name, createdAt: now, updatedAt: now };
  const ops: WriteOp[] = [deps.repos.groups.insert(tenantId, group), deps.repos.scopes.insert(tenantId, scopeRecord(group.groupId, null, now))];
  const owner = callerUserId(caller);
  if (owner) {
    const member: GroupMember = { groupId: group.groupId, userId: owner, isOwner: true, createdAt: now, updatedAt: now };
    const admin = await adminRoleId(deps, tenantId);
    const relations = admin ? [groupRelation(owner, admin, group.groupId, now)] : [];
    ops.push(
      deps.repos.groups.insertMember(tenantId, member),
      ...deps.repos.users.insertRelations(tenantId, relations),
      ...deps.repos.users.insertHistories(tenantId, relations.map((r) => additionHistory(deps, r))),
    );
  }
  await applyChange(deps, tenantId, ops, 'conflict');
  return group;
}

/** List Groups (every group of the tenant, sub-groups included), List Sub-groups, List My Groups. */
export async function listGroups(deps: Deps, tenantId: string, scope: { parentGroupId?: string; memberOf?: Caller }, page: PageRequest<GroupSortField>): Promise<Page<Group>> {
  if (scope.parentGroupId) await requireGroup(deps, tenantId, scope.parentGroupId);
  let memberUserId: string | undefined;
  if (scope.memberOf) {
    const me = callerUserId(scope.memberOf);
    if (!me) throw new DomainError('forbidden', 'List My Groups needs a user access token or API token');
    memberUserId = me;
  }
  return deps.repos.groups.list(tenantId, { parentGroupId: scope.parentGroupId, memberUserId }, page);
}

export async function renameGroup(deps: Deps, tenantId: string, groupId: string, patch: { name?: string }): Promise<Group> {
  await requireGroup(deps, tenantId, groupId);
  if (patch.name === undefined) return requireGroup(deps, tenantId, groupId);
  checkName(patch.name);
  await applyChange(deps, tenantId, [deps.repos.groups.rename(tenantId, groupId, patch.name, deps.clock.now().toISOString())]);
  return requireGroup(deps, tenantId, groupId);
}

/**
 * Delete Group: the group and every sub-group below it, their memberships, every user–role
 * relation in their scopes (each with a Role API REMOVE history entry) and the scopes, in one batch.
 */
export async function deleteGroup(deps: Deps, tenantId: string, groupId: string): Promise<void> {
  await requireGroup(deps, tenantId, groupId);
  const ids = await deps.repos.groups.subtree(tenantId, groupId);
  const relations = await deps.repos.groups.relationsInScopes(tenantId, ids);
  await applyChange(deps, tenantId, [
    ...deps.repos.users.insertHistories(tenantId, relations.map((r) => removalHistory(deps, r))),
    ...deps.repos.users.deleteRelations(tenantId, relations),
    deps.repos.scopes.delete(tenantId, ids),
    ...deps.repos.groups.delete(tenantId, ids),
  ]);
}
