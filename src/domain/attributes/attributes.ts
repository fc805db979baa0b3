import { applyChange, type Changed } from '../change';
import { DATA_TYPES, type Condition, type DataType } from '../conditions/condition';
import { closure } from '../decisions/effective-roles';
import { DomainError } from '../errors';
import { assertBulk, assertId, assertMaxLength } from '../ids';
import { pageInMemory, type Page, type PageRequest } from '../paging';
import type { Deps, WriteOp } from '../ports';
import { assertRolesExist } from '../roles/relation-inputs';
import type { Role, SearchRoleOption } from '../roles/role';
import { additionHistory, removalHistory } from '../users/history';
import { groupEdges } from '../users/users';
import type {
  AttributeFilter,
  AttributeRecord,
  AttributeRoleLink,
  AttributeSortField,
  AttributeTag,
  AttributeTagFilter,
} from './attribute';

export interface AttributeBundle extends AttributeRecord {
  roles: (AttributeRoleLink & { role: Role })[];
  tags: AttributeTag[];
}

export interface AttributeInput {
  attributeName?: string | null;
  description?: string | null;
  attributeDataTypeCode: DataType;
  attributeRoleRelationIds?: string[] | null;
  attributeTagIds?: string[] | null;
}

function checkInput(input: AttributeInput) {
  assertMaxLength('attributeName', input.attributeName, 128);
  assertMaxLength('description', input.description, 128);
  if (!DATA_TYPES.includes(input.attributeDataTypeCode)) throw new DomainError('invalid', 'attributeDataTypeCode is invalid');
  for (const id of input.attributeRoleRelationIds ?? []) assertId('roleId', id);
  for (const id of input.attributeTagIds ?? []) assertId('attributeTagId', id);
}

const unique = (ids: string[] | null | undefined) => [...new Set(ids ?? [])];

async function requireAttribute(deps: Deps, tenantId: string, attributeId: string): Promise<AttributeRecord> {
  assertId('attributeId', attributeId);
  const found = await deps.repos.attributes.search(tenantId, { attributeIds: [attributeId] }, { page: 1, itemsPerPage: 1, sort: [] });
  const record = found.items[0];
  if (!record) throw new DomainError('attribute.not_found', `attribute ${attributeId} not found`);
  return record;
}

/** A1: the attribute with its role relations and tags, in one batch. */
export async function createAttribute(deps: Deps, tenantId: string, input: AttributeInput & { attributeId: string }): Promise<Changed> {
  assertId('attributeId', input.attributeId);
  checkInput(input);
  const existing = await deps.repos.attributes.search(tenantId, { attributeIds: [input.attributeId] }, { page: 1, itemsPerPage: 1, sort: [] });
  if (existing.totalItems > 0) throw new DomainError('attribute.exists', `attribute ${input.attributeId} already exists`);
  const roleIds = unique(input.attributeRoleRelationIds);
  await assertRolesExist(deps, tenantId, roleIds);
  const now = deps.clock.now().toISOString();
  const ops = [
    deps.repos.attributes.insert(tenantId, {
      attributeId: input.attributeId,
      attributeName: input.attributeName ?? null,
      description: input.description ?? null,
      dataType: input.attributeDataTypeCode,
      createdAt: now,
    }),
    ...deps.repos.attributes.insertRoles(tenantId, roleIds.map((roleId) => ({ attributeId: input.attributeId, roleId, createdAt: now }))),
    ...deps.repos.attributes.insertTags(
      tenantId,
      unique(input.attributeTagIds).map((attributeTagId) => ({ attributeId: input.attributeId, attributeTagId, createdAt: now })),
    ),
  ];
  return { revision: await applyChange(deps, tenantId, ops, 'attribute.exists') };
}

async function bundles(deps: Deps, tenantId: string, records: AttributeRecord[]): Promise<AttributeBundle[]> {
  const ids = records.map((r) => r.attributeId);
  const [links, tags] = await Promise.all([deps.repos.attributes.rolesOf(tenantId, ids), deps.repos.attributes.tagsOf(tenantId, ids)]);
  const roles = await deps.repos.roles.findMany(tenantId, [...new Set([...links.values()].flat().map((l) => l.roleId))]);
  return records.map((r) => ({
    ...r,
    roles: (links.get(r.attributeId) ?? []).flatMap((l) => {
      const role = roles.get(l.roleId);
      return role ? [{ ...l, role }] : [];
    }),
    tags: tags.get(r.attributeId) ?? [],
  }));
}

export async function getAttribute(deps: Deps, tenantId: string, attributeId: string): Promise<{ attribute: AttributeBundle; inUse: boolean }> {
  const record = await requireAttribute(deps, tenantId, attributeId);
  const [[attribute], used] = await Promise.all([bundles(deps, tenantId, [record]), deps.repos.attributes.inUse(tenantId, [attributeId])]);
  return { attribute: attribute!, inUse: used.has(attributeId) };
}

export async function searchAttributes(
  deps: Deps,
  tenantId: string,
  filter: AttributeFilter,
  page: PageRequest<AttributeSortField>,
): Promise<Page<AttributeBundle>> {
  const found = await deps.repos.attributes.search(tenantId, filter, page);
  return { totalItems: found.totalItems, items: await bundles(deps, tenantId, found.items) };
}

export function listAttributeIds(deps: Deps, tenantId: string, filter: AttributeFilter, page: PageRequest<AttributeSortField>): Promise<Page<AttributeRecord>> {
  return deps.repos.attributes.search(tenantId, filter, page);
}

/** A4: the attributes a role may use in conditions (COMMON ones and those related to it). */
export async function attributesUsableByRole(
  deps: Deps,
  tenantId: string,
  roleId: string,
  filter: Pick<AttributeFilter, 'attributeIds' | 'attributeNameLike' | 'attributeTagIds'>,
  page: PageRequest<AttributeSortField>,
): Promise<Page<AttributeRecord>> {
  assertId('roleId', roleId);
  await assertRolesExist(deps, tenantId, [roleId]);
  return deps.repos.attributes.search(tenantId, { ...filter, usableByRoleIds: [roleId] }, page);
}

/** PUT (L7): data type required; a data-type change of an attribute in use is refused (A5). */
export async function updateAttribute(deps: Deps, tenantId: string, attributeId: string, input: AttributeInput): Promise<Changed> {
  const record = await requireAttribute(deps, tenantId, attributeId);
  checkInput(input);
  if (input.attributeDataTypeCode !== record.dataType && (await deps.repos.attributes.inUse(tenantId, [attributeId])).has(attributeId)) {
    throw new DomainError('attribute.in_use', `attribute ${attributeId} is used by conditions; its data type cannot change`);
  }
  const now = deps.clock.now().toISOString();
  const patch: { attributeName?: string; description?: string; dataType: string } = { dataType: input.attributeDataTypeCode };
  if (input.attributeName != null) patch.attributeName = input.attributeName;
  if (input.description != null) patch.description = input.description;
  const ops: WriteOp[] = [deps.repos.attributes.update(tenantId, attributeId, patch)];
  if (input.attributeRoleRelationIds) {
    const roleIds = unique(input.attributeRoleRelationIds);
    await assertRolesExist(deps, tenantId, roleIds);
    ops.push(
      deps.repos.attributes.deleteRoles(tenantId, attributeId),
      ...deps.repos.attributes.insertRoles(tenantId, roleIds.map((roleId) => ({ attributeId, roleId, createdAt: now }))),
    );
  }
  if (input.attributeTagIds) {
    ops.push(
      deps.repos.attributes.deleteTags(tenantId, attributeId),
      ...deps.repos.attributes.insertTags(tenantId, unique(input.attributeTagIds).map((attributeTagId) => ({ attributeId, attributeTagId, createdAt: now }))),
    );
  }
  return { revision: await applyChange(deps, tenantId, ops) };
}

/**
 * A5: attributes in use are kept unless `forceDelete`, which also strips every condition using
 * them (a changed user relation is recorded as REMOVE then ADD, Y1).
 */
export async function deleteAttributes(deps: Deps, tenantId: string, attributeIds: string[], forceDelete: boolean): Promise<Changed> {
  assertBulk('attributeIds', attributeIds);
  for (const id of attributeIds) assertId('attributeId', id);
  const found = await deps.repos.attributes.summaries(tenantId, attributeIds);
  const missing = attributeIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new DomainError('attribute.not_found', `attribute ${missing} not found`);
  const using = await deps.repos.attributes.relationsUsing(tenantId, attributeIds);
  const ops: WriteOp[] = [];
  if (using.users.length || using.roles.length) {
    if (!forceDelete) throw new DomainError('attribute.in_use', 'the attribute is used by conditions; use forceDelete to remove them too');
    const keep = (conditions: Condition[]) => conditions.filter((c) => !attributeIds.includes(c.attributeId));
    const histories = using.users.flatMap((r) => [removalHistory(deps, r), additionHistory(deps, { ...r, conditions: keep(r.conditions) })]);
    ops.push(
      ...using.users.map((r) => deps.repos.attributes.setUserRelationConditions(tenantId, r, keep(r.conditions))),
      ...using.roles.map((r) => deps.repos.attributes.setRoleRelationConditions(tenantId, r, keep(r.conditions))),
      ...deps.repos.users.insertHistories(tenantId, histories),
    );
  }
  ops.push(...deps.repos.attributes.delete(tenantId, attributeIds));
  return { revision: await applyChange(deps, tenantId, ops) };
}

/** A6: adds roles (existing ones only; already related ones are skipped). */
export async function addAttributeRoles(deps: Deps, tenantId: string, attributeId: string, roleIds: string[]): Promise<Changed> {
  await requireAttribute(deps, tenantId, attributeId);
  assertBulk('attributeRoleRelationIds', roleIds, { unique: false });
  for (const id of roleIds) assertId('roleId', id);
  await assertRolesExist(deps, tenantId, roleIds);
  const present = new Set((await deps.repos.attributes.rolesOf(tenantId, [attributeId])).get(attributeId)?.map((l) => l.roleId));
  const now = deps.clock.now().toISOString();
  const added = unique(roleIds).filter((id) => !present.has(id));
  return { revision: await applyChange(deps, tenantId, deps.repos.attributes.insertRoles(tenantId, added.map((roleId) => ({ attributeId, roleId, createdAt: now })))) };
}

export async function removeAttributeRoles(deps: Deps, tenantId: string, attributeId: string, roleIds: string[]): Promise<Changed> {
  await requireAttribute(deps, tenantId, attributeId);
  assertBulk('attributeRoleRelationIds', roleIds, { unique: false });
  for (const id of roleIds) assertId('roleId', id);
  return { revision: await applyChange(deps, tenantId, [deps.repos.attributes.deleteRoles(tenantId, attributeId, unique(roleIds))]) };
}

export type AttributeRoleSortField = 'attributeId' | 'roleId' | 'roleName' | 'roleGroup' | 'description' | 'exposureOrder' | 'createdAt';

/** Roles related to the attribute; INDIRECT_ROLE adds the roles that reach a related role (R10). */
export async function searchAttributeRoles(
  deps: Deps,
  tenantId: string,
  attributeId: string,
  filter: { roleIds?: string[]; roleIdPreLike?: string; option?: SearchRoleOption },
  page: PageRequest<AttributeRoleSortField>,
): Promise<Page<AttributeRoleLink & { role: Role }>> {
  await requireAttribute(deps, tenantId, attributeId);
  const direct = (await deps.repos.attributes.rolesOf(tenantId, [attributeId])).get(attributeId) ?? [];
  let links = direct;
  if (filter.option === 'INDIRECT_ROLE') {
    const reverse = groupEdges((await deps.repos.roles.allRelations(tenantId)).map((r) => ({ ...r, roleId: r.relatedRoleId, relatedRoleId: r.roleId })));
    const reaching = closure(reverse, direct.map((l) => l.roleId), (e) => e.policy === 'ALLOW');
    const listed = new Set(direct.map((l) => l.roleId));
    links = [...direct, ...[...reaching].filter((id) => !listed.has(id)).map((roleId) => ({ attributeId, roleId, createdAt: '' }))];
  }
  const roles = await deps.repos.roles.findMany(tenantId, links.map((l) => l.roleId));
  const items = links
    .filter((l) => (!filter.roleIds?.length || filter.roleIds.includes(l.roleId)) && (!filter.roleIdPreLike || l.roleId.startsWith(filter.roleIdPreLike)))
    .flatMap((l) => {
      const role = roles.get(l.roleId);
      return role ? [{ ...l, createdAt: l.createdAt || role.createdAt, role }] : [];
    });
  return pageInMemory(
    items,
    page,
    (item, field) => (field === 'attributeId' ? item.attributeId : field === 'roleId' ? item.roleId : field === 'createdAt' ? item.createdAt : item.role[field]),
    (item) => item.roleId,
  );
}

export async function addAttributeTags(deps: Deps, tenantId: string, attributeId: string, tagIds: string[]): Promise<Changed> {
  await requireAttribute(deps, tenantId, attributeId);
  assertBulk('attributeTagIds', tagIds, { unique: false });
  for (const id of tagIds) assertId('attributeTagId', id);
  const present = new Set((await deps.repos.attributes.tagsOf(tenantId, [attributeId])).get(attributeId)?.map((t) => t.attributeTagId));
  const now = deps.clock.now().toISOString();
  const added = unique(tagIds).filter((id) => !present.has(id));
  return { revision: await applyChange(deps, tenantId, deps.repos.attributes.insertTags(tenantId, added.map((attributeTagId) => ({ attributeId, attributeTagId, createdAt: now })))) };
}

export async function removeAttributeTags(deps: Deps, tenantId: string, attributeId: string, tagIds: string[]): Promise<Changed> {
  await requireAttribute(deps, tenantId, attributeId);
  assertBulk('attributeTagIds', tagIds, { unique: false });
  for (const id of tagIds) assertId('attributeTagId', id);
  return { revision: await applyChange(deps, tenantId, [deps.repos.attributes.deleteTags(tenantId, attributeId, unique(tagIds))]) };
}

export function searchAttributeTags(deps: Deps, tenantId: string, filter: AttributeTagFilter, page: PageRequest<'attributeTagId' | 'attributeId' | 'createdAt'>) {
  return deps.repos.attributes.searchTags(tenantId, filter, page);
}

export function listAttributeTagIds(deps: Deps, tenantId: string, filter: AttributeTagFilter, page: PageRequest<'attributeTagId'>) {
  return deps.repos.attributes.tagIds(tenantId, filter, page);
}
