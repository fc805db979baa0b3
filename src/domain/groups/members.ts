import { applyChange } from '../change';
import { DomainError, invalid } from '../errors';
import type { UserEmail } from '../identity/account';
import type { Page, PageRequest } from '../paging';
import type { Deps, WriteOp } from '../ports';
import { assertRolesExist } from '../roles/relation-inputs';
import { additionHistory, removalHistory } from '../users/history';
import type { UserRoleRelation } from '../users/user';
import type { Group, GroupMember, MemberFilter, MemberSortField } from './group';
import { groupRelation, requireGroup } from './groups';

/** A member as Group Members shows it: its user (or edge), and its roles in the group and in the group's ancestors. */
export interface MemberView {
  member: GroupMember;
  /** The user's (or edge's) name. */
  name: string;
  emails: UserEmail[];
  /** Roles held (ALLOW, unconditional) in the group's scope. */
  roleIds: string[];
  /** Roles held the same way in the scopes of the group's ancestors. */
  inheritedRoleIds: string[];
}

const held = (r: UserRoleRelation) => r.policy === 'ALLOW' && r.conditions.length === 0;
const unique = (ids: string[]) => [...new Set(ids)];

async function views(deps: Deps, tenantId: string, group: Group, members: GroupMember[]): Promise<MemberView[]> {
  if (members.length === 0) return [];
  const [ancestors, relations] = await Promise.all([
    deps.repos.groups.ancestors(tenantId, group.groupId),
    deps.repos.users.relationsOf(
      tenantId,
      members.map((m) => m.userId),
    ),
  ]);
  const above = new Set(ancestors);
  return Promise.all(
    members.map(async (member) => {
      const [account, edge, emails] = await Promise.all([
        deps.repos.accounts.find(tenantId, member.userId),
        deps.repos.edges.find(tenantId, member.userId),
        deps.repos.accounts.emailsOf(tenantId, member.userId),
      ]);
      const mine = relations.filter((r) => r.userId === member.userId && held(r));
      return {
        member,
        name: account?.name ?? edge?.name ?? '',
        emails,
        roleIds: unique(mine.filter((r) => r.scopeId === group.groupId).map((r) => r.roleId)),
        inheritedRoleIds: unique(mine.filter((r) => above.has(r.scopeId)).map((r) => r.roleId)),
      };
    }),
  );
}

async function requireMember(deps: Deps, tenantId: string, groupId: string, userId: string): Promise<{ group: Group; member: GroupMember }> {
  const group = await requireGroup(deps, tenantId, groupId);
  const member = await deps.repos.groups.member(tenantId, groupId, userId);
  if (!member) throw new DomainError('group_member.not_found', `user ${userId} is not a member of group ${groupId}`);
  return { group, member };
}

/**
 * Ops that leave exactly `roleIds` as the user's relations in the group's scope (ALLOW, no
 * conditions), each change with its Role API history entry.
 */
async function replaceRoles(deps: Deps, tenantId: string, userId: string, groupId: string, roleIds: string[], at: string): Promise<WriteOp[]> {
  const wanted = new Set(roleIds);
  const existing = (await deps.repos.users.relationsOf(tenantId, [userId])).filter((r) => r.scopeId === groupId);
  const kept = existing.filter((r) => wanted.has(r.roleId) && held(r));
  const removed = existing.filter((r) => !kept.includes(r));
  const added = [...wanted].filter((id) => !kept.some((r) => r.roleId === id)).map((id) => groupRelation(userId, id, groupId, at));
  return [
    ...deps.repos.users.deleteRelations(tenantId, removed),
    ...deps.repos.users.insertRelations(tenantId, added),
    ...deps.repos.users.insertHistories(tenantId, [...removed.map((r) => removalHistory(deps, r)), ...added.map((r) => additionHistory(deps, r))]),
  ];
}

export async function listMembers(deps: Deps, tenantId: string, groupId: string, filter: MemberFilter, page: PageRequest<MemberSortField>): Promise<Page<MemberView>> {
  const group = await requireGroup(deps, tenantId, groupId);
  const found = await deps.repos.groups.members(tenantId, groupId, filter, page);
  return { totalItems: found.totalItems, items: await views(deps, tenantId, group, found.items) };
}

export async function getMember(deps: Deps, tenantId: string, groupId: string, userId: string): Promise<MemberView> {
  const { group, member } = await requireMember(deps, tenantId, groupId, userId);
  return (await views(deps, tenantId, group, [member]))[0]!;
}

/** The principal Add Group Member names: a user or an edge by uuid, or a user by one of its e-mail addresses. */
async function memberToBe(deps: Deps, tenantId: string, input: { userUuid?: string | null; userEmailAddress?: string | null }): Promise<string | null> {
  if (input.userUuid) {
    const [account, edge] = await Promise.all([deps.repos.accounts.find(tenantId, input.userUuid), deps.repos.edges.find(tenantId, input.userUuid)]);
    return account?.userId ?? edge?.edgeId ?? null;
  }
  const page = await deps.repos.accounts.list(tenantId, { emails: [{ value: input.userEmailAddress!, exact: true }] }, { page: 1, itemsPerPage: 1, sort: [{ field: 'createdAt', direction: 'ASC' }] });
  return page.items[0]?.userId ?? null;
}

/**
 * Add Group Member: the user (or edge) named by `userUuid` — which wins — or the user with the
 * e-mail address joins the group holding `roleUuids` there (user–role relations in the group's scope).
 */
export async function addMember(
  deps: Deps,
  tenantId: string,
  groupId: string,
  input: { userUuid?: string | null; userEmailAddress?: string | null; roleUuids: string[] },
): Promise<MemberView> {
  if (!input.userUuid && !input.userEmailAddress) throw invalid('user_uuid or user_email_address is required');
  const group = await requireGroup(deps, tenantId, groupId);
  const userId = await memberToBe(deps, tenantId, input);
  if (!userId) throw new DomainError('user.not_found', input.userUuid ? `user ${input.userUuid} not found` : `no user has the e-mail address ${input.userEmailAddress}`);
  if (await deps.repos.groups.member(tenantId, groupId, userId)) throw new DomainError('group_member.exists', `user ${userId} is already a member of group ${groupId}`);
  const roleIds = unique(input.roleUuids);
  await assertRolesExist(deps, tenantId, roleIds);
  const now = deps.clock.now().toISOString();
  const member: GroupMember = { groupId, userId, isOwner: false, createdAt: now, updatedAt: now };
  await applyChange(deps, tenantId, [deps.repos.groups.insertMember(tenantId, member), ...(await replaceRoles(deps, tenantId, userId, groupId, roleIds, now))], 'group_member.exists');
  return (await views(deps, tenantId, group, [member]))[0]!;
}

/** Update Group Member: `roleUuids` replace the member's roles in the group; the owner's cannot be changed. */
export async function updateMemberRoles(deps: Deps, tenantId: string, groupId: string, userId: string, roleUuids: string[]): Promise<MemberView> {
  const { member } = await requireMember(deps, tenantId, groupId, userId);
  if (member.isOwner) throw new DomainError('group_owner.immutable', "the owner's role uuids cannot be changed");
  const roleIds = unique(roleUuids);
  await assertRolesExist(deps, tenantId, roleIds);
  const now = deps.clock.now().toISOString();
  await applyChange(deps, tenantId, [deps.repos.groups.touchMember(tenantId, groupId, userId, now), ...(await replaceRoles(deps, tenantId, userId, groupId, roleIds, now))]);
  return getMember(deps, tenantId, groupId, userId);
}

/** Delete Group Member: the membership and the member's roles in the group; the owner stays (delete the group instead). */
export async function removeMember(deps: Deps, tenantId: string, groupId: string, userId: string): Promise<void> {
  const { member } = await requireMember(deps, tenantId, groupId, userId);
  if (member.isOwner) throw new DomainError('group_owner.immutable', 'the owner cannot be removed from its group; delete the group instead');
  await applyChange(deps, tenantId, [deps.repos.groups.deleteMember(tenantId, groupId, userId), ...(await replaceRoles(deps, tenantId, userId, groupId, [], deps.clock.now().toISOString()))]);
}
