import type { AttributeSummary } from '../attributes/attribute';
import { applyChange, type Changed } from '../change';
import { DomainError } from '../errors';
import { assertBulk, assertId, assertMaxLength } from '../ids';
import type { Page, PageRequest } from '../paging';
import type { Deps, WriteOp } from '../ports';
import { removalHistory } from '../users/history';
import { checkRoleRelationInputs, type RoleRelationInput } from './relation-inputs';
import type { Role, RoleFilter, RoleRelation, RoleSortField, RoleTag } from './role';
import { conditionViews, type ConditionView } from './views';

export interface RoleMetadataInput {
  roleName?: string | null;
  roleGroup?: string | null;
  description?: string | null;
  exposureOrder: number;
}

export interface RoleRelationView {
  relation: RoleRelation;
  related: Role;
  conditions: ConditionView[];
}

export interface RoleView extends Role {
  relations: RoleRelationView[];
  tags: RoleTag[];
  attributes: AttributeSummary[];
}

const INT32 = 2 ** 31;

function checkMetadata(m: RoleMetadataInput): void {
  assertMaxLength('roleName', m.roleName, 128);
  assertMaxLength('roleGroup', m.roleGroup, 128);
  assertMaxLength('description', m.description, 128);
  if (!Number.isInteger(m.exposureOrder) || m.exposureOrder < -INT32 || m.exposureOrder >= INT32) {
    throw new DomainError('invalid', 'exposureOrder must be a 32-bit integer');
  }
}

function checkTags(tags: { roleTagId: string }[]): string[] {
  const ids = tags.map((t) => t.roleTagId);
  for (const id of ids) assertId('roleTagId', id);
  return [...new Set(ids)];
}

export function relationRecords(deps: Deps, roleId: string, inputs: RoleRelationInput[]): RoleRelation[] {
  const now = deps.clock.now().toISOString();
  return inputs.map((r) => ({
    roleId,
    relatedRoleId: r.relatedRoleId,
    policy: r.roleApplyPolicyCode ?? 'ALLOW',
    conditions: r.conditions ?? [],
    createdAt: now,
  }));
}

/** R5: a role with optional relations and tags, in one batch. */
export async function createRole(
  deps: Deps,
  tenantId: string,
  input: { role: RoleMetadataInput & { roleId: string }; roleRelations?: RoleRelationInput[] | null; roleTags?: { roleTagId: string }[] | null },
): Promise<Changed> {
  const { roleId } = input.role;
  assertId('roleId', roleId);
  checkMetadata(input.role);
  const tagIds = checkTags(input.roleTags ?? []);
  if ((await deps.repos.roles.findMany(tenantId, [roleId])).has(roleId)) {
    throw new DomainError('role.exists', `role ${roleId} already exists`);
  }
  const relations = input.roleRelations ?? [];
  await checkRoleRelationInputs(deps, tenantId, roleId, relations, { roleExists: false });
  const now = deps.clock.now().toISOString();
  const role: Role = {
    roleId,
    roleName: input.role.roleName ?? null,
    roleGroup: input.role.roleGroup ?? null,
    description: input.role.description ?? null,
    exposureOrder: input.role.exposureOrder,
    createdAt: now,
  };
  const ops = [
    deps.repos.roles.insert(tenantId, role),
    ...deps.repos.roles.insertRelations(tenantId, relationRecords(deps, roleId, relations)),
    ...deps.repos.roles.insertTags(tenantId, tagIds.map((roleTagId) => ({ roleId, roleTagId, createdAt: now }))),
  ];
  return { revision: await applyChange(deps, tenantId, ops, 'role.exists') };
}

async function requireRole(deps: Deps, tenantId: string, roleId: string): Promise<Role> {
  assertId('roleId', roleId);
  const role = (await deps.repos.roles.findMany(tenantId, [roleId])).get(roleId);
  if (!role) throw new DomainError('role.not_found', `role ${roleId} not found`);
  return role;
}

/** Enriches roles with what readers asked for (R9); a part not asked for is empty. */
async function views(
  deps: Deps,
  tenantId: string,
  roles: Role[],
  need: { relations: boolean; tags: boolean; attributes: boolean },
): Promise<RoleView[]> {
  const ids = roles.map((r) => r.roleId);
  const [relations, tags, attributes] = await Promise.all([
    need.relations ? deps.repos.roles.relationsFrom(tenantId, ids) : Promise.resolve([]),
    need.tags ? deps.repos.roles.tagsOf(tenantId, ids) : Promise.resolve(new Map<string, RoleTag[]>()),
    need.attributes ? deps.repos.attributes.relatedToRoles(tenantId, ids) : Promise.resolve(new Map<string, AttributeSummary[]>()),
  ]);
  const related = await deps.repos.roles.findMany(tenantId, [...new Set(relations.map((r) => r.relatedRoleId))]);
  const conditions = await conditionViews(deps, tenantId, relations.map((r) => r.conditions));
  const byRole = new Map<string, RoleRelationView[]>();
  relations.forEach((relation, i) => {
    const target = related.get(relation.relatedRoleId);
    if (!target) return;
    byRole.set(relation.roleId, [...(byRole.get(relation.roleId) ?? []), { relation, related: target, conditions: conditions[i]! }]);
  });
  return roles.map((r) => ({
    ...r,
    relations: byRole.get(r.roleId) ?? [],
    tags: tags.get(r.roleId) ?? [],
    attributes: attributes.get(r.roleId) ?? [],
  }));
}

export async function getRole(deps: Deps, tenantId: string, roleId: string): Promise<RoleView> {
  const role = await requireRole(deps, tenantId, roleId);
  const [view] = await views(deps, tenantId, [role], { relations: true, tags: true, attributes: true });
  return view!;
}

export async function searchRoles(
  deps: Deps,
  tenantId: string,
  filter: RoleFilter,
  page: PageRequest<RoleSortField>,
  need: { relations: boolean; tags: boolean; attributes: boolean },
): Promise<Page<RoleView>> {
  const found = await deps.repos.roles.search(tenantId, filter, page);
  return { totalItems: found.totalItems, items: await views(deps, tenantId, found.items, need) };
}

export function listRoleIds(deps: Deps, tenantId: string, filter: RoleFilter, page: PageRequest<RoleSortField>): Promise<Page<Role>> {
  return deps.repos.roles.search(tenantId, filter, page);
}

export function listRoleTagIds(deps: Deps, tenantId: string, prefix: string | undefined, page: PageRequest<'roleTagId'>): Promise<Page<string>> {
  return deps.repos.roles.tagIds(tenantId, prefix, page);
}

/** D1: a role can be switched off (DENY) when some role relation reaches it. */
export async function isDeniable(deps: Deps, tenantId: string, roleId: string): Promise<boolean> {
  await requireRole(deps, tenantId, roleId);
  return (await deps.repos.roles.relatedTargets(tenantId, [roleId])).has(roleId);
}

/** R5 / L7: absent parts stay; present lists replace. */
export async function updateRole(
  deps: Deps,
  tenantId: string,
  roleId: string,
  input: { role?: RoleMetadataInput | null; roleRelations?: RoleRelationInput[] | null; roleTags?: { roleTagId: string }[] | null },
): Promise<Changed> {
  await requireRole(deps, tenantId, roleId);
  const ops: WriteOp[] = [];
  if (input.role) {
    checkMetadata(input.role);
    const { roleName, roleGroup, description, exposureOrder } = input.role;
    const patch = Object.fromEntries(
      Object.entries({ roleName, roleGroup, description, exposureOrder }).filter(([, v]) => v !== undefined && v !== null),
    );
    ops.push(deps.repos.roles.update(tenantId, roleId, patch));
  }
  if (input.roleRelations) {
    await checkRoleRelationInputs(deps, tenantId, roleId, input.roleRelations, { roleExists: true });
    ops.push(deps.repos.roles.deleteRelations(tenantId, roleId));
    ops.push(...deps.repos.roles.insertRelations(tenantId, relationRecords(deps, roleId, input.roleRelations)));
  }
  if (input.roleTags) {
    const now = deps.clock.now().toISOString();
    ops.push(deps.repos.roles.deleteTags(tenantId, roleId));
    ops.push(...deps.repos.roles.insertTags(tenantId, checkTags(input.roleTags).map((roleTagId) => ({ roleId, roleTagId, createdAt: now }))));
  }
  return { revision: await applyChange(deps, tenantId, ops) };
}

/** §12: deleting roles cascades; user relations that go are recorded as REMOVE (Y1). */
export async function deleteRoles(deps: Deps, tenantId: string, roleIds: string[]): Promise<Changed> {
  assertBulk('roleIds', roleIds);
  for (const id of roleIds) assertId('roleId', id);
  const found = await deps.repos.roles.findMany(tenantId, roleIds);
  const missing = roleIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new DomainError('role.not_found', `role ${missing} not found`);
  const removed = await deps.repos.users.relationsByRoles(tenantId, roleIds);
  const ops = [
    ...deps.repos.users.insertHistories(tenantId, removed.map((r) => removalHistory(deps, r))),
    ...deps.repos.roles.deleteRoles(tenantId, roleIds),
  ];
  return { revision: await applyChange(deps, tenantId, ops) };
}

export const deleteRole = (deps: Deps, tenantId: string, roleId: string) => deleteRoles(deps, tenantId, [roleId]);
