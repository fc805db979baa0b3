import { applyChange, type Changed } from '../change';
import { closure } from '../decisions/effective-roles';
import { DomainError } from '../errors';
import { assertBulk, assertId, assertMaxLength } from '../ids';
import type { Page, PageRequest } from '../paging';
import type { Deps, WriteOp } from '../ports';
import type { Role, RoleTag, SearchRoleOption } from '../roles/role';
import { conditionViews, type ConditionView } from '../roles/views';
import { additionHistory, removalHistory, userAddedHistory } from './history';
import { principalRemovalOps } from './principal-removal';
import { checkUserRelationInputs, relationDiff, userRelationRecords, type UserRelationInput } from './relation-inputs';
import type { HistoryFilter, HistorySortField, StoredHistoryEntry, User, UserFilter, UserRoleRelation, UserSortField } from './user';

export interface UserRelationView {
  relation: UserRoleRelation;
  role: Role;
  tags: RoleTag[];
  conditions: ConditionView[];
}

export interface UserView extends User {
  relations: UserRelationView[];
  /** Direct relations per scope (U6 `needRoleCount`); absent when not asked for. */
  roleCounts?: { scopeId: string; roleCount: number }[];
}

export interface NewUserInput {
  userId: string;
  description?: string | null;
  roleRelations?: Omit<UserRelationInput, never>[] | null;
}

/** Bulk create (L6): all users are validated first; one bad item writes nothing. */
export async function createUsers(deps: Deps, tenantId: string, inputs: NewUserInput[]): Promise<Changed> {
  assertBulk('users', inputs, { unique: false });
  const ids = inputs.map((u) => u.userId);
  for (const u of inputs) {
    assertId('userId', u.userId);
    assertMaxLength('description', u.description, 128);
  }
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw new DomainError('user.exists', `user ${dup} is given twice`);
  const existing = await deps.repos.users.findMany(tenantId, ids);
  const taken = ids.find((id) => existing.has(id));
  if (taken !== undefined) throw new DomainError('user.exists', `user ${taken} already exists`);
  const relations = inputs.flatMap((u) => (u.roleRelations ?? []).map((r) => ({ ...r, userId: u.userId })));
  await checkUserRelationInputs(deps, tenantId, relations);
  const now = deps.clock.now().toISOString();
  const records = userRelationRecords(deps, relations);
  const ops = [
    ...deps.repos.users.insertUsers(tenantId, inputs.map((u) => ({ userId: u.userId, description: u.description ?? null, createdAt: now }))),
    ...deps.repos.users.insertRelations(tenantId, records),
    ...deps.repos.users.insertHistories(tenantId, [
      ...inputs.flatMap((u) => [userAddedHistory(deps, u.userId), ...records.filter((r) => r.userId === u.userId).map((r) => additionHistory(deps, r))]),
    ]),
  ];
  return { revision: await applyChange(deps, tenantId, ops, 'user.exists') };
}

async function relationViews(deps: Deps, tenantId: string, relations: UserRoleRelation[], withTags: boolean): Promise<UserRelationView[]> {
  const roleIds = [...new Set(relations.map((r) => r.roleId))];
  const [roles, tags, conditions] = await Promise.all([
    deps.repos.roles.findMany(tenantId, roleIds),
    withTags ? deps.repos.roles.tagsOf(tenantId, roleIds) : Promise.resolve(new Map<string, RoleTag[]>()),
    conditionViews(deps, tenantId, relations.map((r) => r.conditions)),
  ]);
  return relations.flatMap((relation, i) => {
    const role = roles.get(relation.roleId);
    return role ? [{ relation, role, tags: tags.get(relation.roleId) ?? [], conditions: conditions[i]! }] : [];
  });
}

/** U5 INDIRECT_ROLE: add the roles reachable through ALLOW role relations from each ALLOW relation. */
async function withIndirect(deps: Deps, tenantId: string, direct: UserRoleRelation[]): Promise<UserRoleRelation[]> {
  const graph = groupEdges(await deps.repos.roles.allRelations(tenantId));
  const out = [...direct];
  const listed = new Set(direct.map((r) => `${r.scopeId}\u0000${r.roleId}`));
  for (const r of direct) {
    if (r.policy !== 'ALLOW') continue;
    for (const roleId of closure(graph, [r.roleId], () => true)) {
      const key = `${r.scopeId}\u0000${roleId}`;
      if (listed.has(key)) continue;
      listed.add(key);
      out.push({ userId: r.userId, roleId, scopeId: r.scopeId, policy: 'ALLOW', conditions: [], createdAt: r.createdAt });
    }
  }
  return out;
}

export function groupEdges(relations: { roleId: string; relatedRoleId: string; policy: 'ALLOW' | 'DENY'; conditions: unknown }[]) {
  const graph = new Map<string, { roleId: string; policy: 'ALLOW' | 'DENY'; conditions: unknown }[]>();
  for (const r of relations) {
    graph.set(r.roleId, [...(graph.get(r.roleId) ?? []), { roleId: r.relatedRoleId, policy: r.policy, conditions: r.conditions }]);
  }
  return graph;
}

export async function getUser(
  deps: Deps,
  tenantId: string,
  userId: string,
  opts: { roleIds?: string[]; scopeIds?: string[]; option?: SearchRoleOption },
): Promise<UserView> {
  assertId('userId', userId);
  const user = (await deps.repos.users.findMany(tenantId, [userId])).get(userId);
  if (!user) throw new DomainError('user.not_found', `user ${userId} not found`);
  let relations = await deps.repos.users.relationsOf(tenantId, [userId]);
  if (opts.scopeIds?.length) relations = relations.filter((r) => opts.scopeIds!.includes(r.scopeId));
  if (opts.option === 'INDIRECT_ROLE') relations = await withIndirect(deps, tenantId, relations);
  if (opts.roleIds?.length) relations = relations.filter((r) => opts.roleIds!.includes(r.roleId));
  return { ...user, relations: await relationViews(deps, tenantId, relations, true) };
}

export interface UserSearchInput {
  userIds?: string[];
  userIdPreLike?: string;
  descriptionLike?: string;
  roleIds?: string[];
  roleIdPreLike?: string;
  scopeIds?: string[];
  scopeIdPreLike?: string;
  option?: SearchRoleOption;
}

/** Turns the wire filters into the store's; INDIRECT_ROLE adds every role that reaches a wanted one (U6). */
async function userFilter(deps: Deps, tenantId: string, q: UserSearchInput): Promise<UserFilter> {
  const filter: UserFilter = {
    userIds: q.userIds,
    userIdPreLike: q.userIdPreLike,
    descriptionLike: q.descriptionLike,
    relation: { roleIds: q.roleIds, roleIdPreLike: q.roleIdPreLike, scopeIds: q.scopeIds, scopeIdPreLike: q.scopeIdPreLike },
  };
  if (q.option === 'INDIRECT_ROLE' && (q.roleIds?.length || q.roleIdPreLike)) {
    const wanted = new Set(q.roleIds ?? []);
    if (q.roleIdPreLike) for (const id of await deps.repos.roles.idsWithPrefix(tenantId, q.roleIdPreLike)) wanted.add(id);
    const reverse = groupEdges((await deps.repos.roles.allRelations(tenantId)).map((r) => ({ ...r, roleId: r.relatedRoleId, relatedRoleId: r.roleId })));
    filter.relation!.allowRoleIds = [...closure(reverse, wanted, () => true)];
  }
  return filter;
}

export async function searchUsers(
  deps: Deps,
  tenantId: string,
  q: UserSearchInput,
  page: PageRequest<UserSortField>,
  need: { relations: boolean; tags: boolean; roleCount: boolean },
): Promise<Page<UserView>> {
  const found = await deps.repos.users.search(tenantId, await userFilter(deps, tenantId, q), page);
  const ids = found.items.map((u) => u.userId);
  const relations = need.relations || need.roleCount ? await deps.repos.users.relationsOf(tenantId, ids) : [];
  const views = need.relations ? await relationViews(deps, tenantId, relations, need.tags) : [];
  return {
    totalItems: found.totalItems,
    items: found.items.map((u) => {
      const view: UserView = { ...u, relations: views.filter((v) => v.relation.userId === u.userId) };
      if (need.roleCount) {
        const counts = new Map<string, number>();
        for (const r of relations) if (r.userId === u.userId) counts.set(r.scopeId, (counts.get(r.scopeId) ?? 0) + 1);
        view.roleCounts = [...counts].map(([scopeId, roleCount]) => ({ scopeId, roleCount }));
      }
      return view;
    }),
  };
}

export async function listUserIds(deps: Deps, tenantId: string, q: UserSearchInput, page: PageRequest<UserSortField>): Promise<Page<string>> {
  const found = await deps.repos.users.search(tenantId, await userFilter(deps, tenantId, q), page);
  return { totalItems: found.totalItems, items: found.items.map((u) => u.userId) };
}

/**
 * U3 / U4: replaces the user's relations (all, or those of one scope) and/or description. A user
 * that does not exist is created when `createUserIfNotExist`, else 14001.
 */
async function putUser(
  deps: Deps,
  tenantId: string,
  userId: string,
  input: { description?: string | null; relations?: UserRelationInput[] | null; createUserIfNotExist?: boolean | null },
  scopeId?: string,
): Promise<Changed> {
  assertId('userId', userId);
  assertMaxLength('description', input.description, 128);
  if (scopeId !== undefined) {
    assertId('scopeId', scopeId);
    if (!(await deps.repos.scopes.existing(tenantId, [scopeId])).has(scopeId)) throw new DomainError('scope.not_found', `scope ${scopeId} not found`);
  }
  const user = (await deps.repos.users.findMany(tenantId, [userId])).get(userId);
  if (!user && !input.createUserIfNotExist) throw new DomainError('user.not_found', `user ${userId} not found`);
  const ops: WriteOp[] = [];
  const histories = [];
  if (!user) {
    ops.push(...deps.repos.users.insertUsers(tenantId, [{ userId, description: input.description ?? null, createdAt: deps.clock.now().toISOString() }]));
    histories.push(userAddedHistory(deps, userId));
  } else if (input.description != null) {
    ops.push(deps.repos.users.updateDescription(tenantId, userId, input.description));
  }
  if (input.relations) {
    if (input.relations.length > 1000) throw new DomainError('invalid', 'roleRelations must hold at most 1000 items');
    const wanted = input.relations.map((r) => ({ ...r, userId }));
    await checkUserRelationInputs(deps, tenantId, wanted);
    const current = (user ? await deps.repos.users.relationsOf(tenantId, [userId]) : []).filter((r) => scopeId === undefined || r.scopeId === scopeId);
    const { removed, added } = relationDiff(current, userRelationRecords(deps, wanted));
    ops.push(...deps.repos.users.deleteRelations(tenantId, removed), ...deps.repos.users.insertRelations(tenantId, added));
    histories.push(...removed.map((r) => removalHistory(deps, r)), ...added.map((r) => additionHistory(deps, r)));
  }
  ops.push(...deps.repos.users.insertHistories(tenantId, histories));
  return { revision: await applyChange(deps, tenantId, ops, 'user.exists') };
}

export function updateUser(
  deps: Deps,
  tenantId: string,
  userId: string,
  input: { description?: string | null; roleRelations?: UserRelationInput[] | null; createUserIfNotExist?: boolean | null },
): Promise<Changed> {
  return putUser(deps, tenantId, userId, { ...input, relations: input.roleRelations });
}

export function updateUserScope(
  deps: Deps,
  tenantId: string,
  userId: string,
  scopeId: string,
  input: { description?: string | null; roleRelations?: Omit<UserRelationInput, 'scopeId'>[] | null; createUserIfNotExist?: boolean | null },
): Promise<Changed> {
  const relations = input.roleRelations?.map((r) => ({ ...r, scopeId }));
  return putUser(deps, tenantId, userId, { ...input, relations }, scopeId);
}

/**
 * Y1: REMOVE per relation, then USER_REMOVE, in the same batch as the delete. A user is one
 * principal in every face: one with an Identity API account or an edge loses those too.
 */
export async function deleteUsers(deps: Deps, tenantId: string, userIds: string[]): Promise<Changed> {
  assertBulk('userIds', userIds);
  for (const id of userIds) assertId('userId', id);
  const found = await deps.repos.users.findMany(tenantId, userIds);
  const missing = userIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new DomainError('user.not_found', `user ${missing} not found`);
  return { revision: await applyChange(deps, tenantId, await principalRemovalOps(deps, tenantId, userIds)) };
}

export const deleteUser = (deps: Deps, tenantId: string, userId: string) => deleteUsers(deps, tenantId, [userId]);

/** Y3: histories outlive the user; an unknown user has an empty history. */
export async function userHistories(
  deps: Deps,
  tenantId: string,
  userId: string,
  filter: HistoryFilter,
  page: PageRequest<HistorySortField>,
): Promise<Page<StoredHistoryEntry & { conditionViews: ConditionView[] }>> {
  assertId('userId', userId);
  const found = await deps.repos.users.histories(tenantId, userId, filter, page);
  const views = await conditionViews(deps, tenantId, found.items.map((h) => h.conditions));
  return { totalItems: found.totalItems, items: found.items.map((h, i) => ({ ...h, conditionViews: views[i]! })) };
}
