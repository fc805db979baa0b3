import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';
import type { UserRoleRelation } from '../users/user';

/**
 * A group (intdash). A group is a Scope of the domain: the Role API `scopes` row with
 * scopeId = groupId is written with it, and a member's roles in the group are its user–role
 * relations in that scope (ALLOW). Sub-groups name their parent; a group's permissions reach its
 * sub-groups (Check HTTP Authorization walks the lineage).
 */
export interface Group {
  groupId: string;
  parentGroupId: string | null;
  name: string;
  createdAt: string;
  updatedAt: string;
}

/** Membership of a principal in a group; `isOwner` marks the user who created it. */
export interface GroupMember {
  groupId: string;
  userId: string;
  isOwner: boolean;
  createdAt: string;
  updatedAt: string;
}

export type GroupSortField = 'name' | 'createdAt' | 'updatedAt';
/** `name` is the member's user name. */
export type MemberSortField = 'name' | 'createdAt' | 'updatedAt';

export interface GroupFilter {
  /** Only the direct sub-groups of this group. */
  parentGroupId?: string;
  /** Only groups this principal is a direct member of. */
  memberUserId?: string;
}

export interface MemberFilter {
  isOwner?: boolean;
  userIds?: string[];
}

export interface GroupRepository {
  find(tenantId: string, groupId: string): Promise<Group | null>;
  list(tenantId: string, filter: GroupFilter, page: PageRequest<GroupSortField>): Promise<Page<Group>>;
  /** The group and every group below it (parents before children). */
  subtree(tenantId: string, groupId: string): Promise<string[]>;
  /** The group's ancestors, nearest first (the group itself excluded). */
  ancestors(tenantId: string, groupId: string): Promise<string[]>;
  /** Every user–role relation in these scopes. */
  relationsInScopes(tenantId: string, scopeIds: readonly string[]): Promise<UserRoleRelation[]>;
  member(tenantId: string, groupId: string, userId: string): Promise<GroupMember | null>;
  members(tenantId: string, groupId: string, filter: MemberFilter, page: PageRequest<MemberSortField>): Promise<Page<GroupMember>>;

  insert(tenantId: string, group: Group): WriteOp;
  rename(tenantId: string, groupId: string, name: string, at: string): WriteOp;
  /** The groups and their memberships (user–role relations and scopes are the caller's ops). */
  delete(tenantId: string, groupIds: readonly string[]): WriteOp[];
  insertMember(tenantId: string, member: GroupMember): WriteOp;
  touchMember(tenantId: string, groupId: string, userId: string, at: string): WriteOp;
  deleteMember(tenantId: string, groupId: string, userId: string): WriteOp;
  /** Every membership of a principal (for when the principal is deleted). */
  deleteMemberships(tenantId: string, userId: string): WriteOp;
}
