import { applyChange, type Changed } from '../change';
import { DATA_TYPES, type DataType } from '../conditions/condition';
import { DomainError, invalid } from '../errors';
import { assertBulk, assertId, assertMaxLength } from '../ids';
import type { Page, PageRequest } from '../paging';
import type { Deps, WriteOp } from '../ports';
import { assertRolesExist } from '../roles/relation-inputs';
import type { Role } from '../roles/role';
import { additionHistory, removalHistory } from '../users/history';
import type { AttributeFilter, AttributeRecord, AttributeRoleLink, AttributeSortField, AttributeTag } from './attribute';

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

/** L6: relation and tag lists carry at most 1000 ids (an empty or absent list is allowed here). */
const MAX_LIST = 1000;

function checkInput(input: AttributeInput) {
  assertMaxLength('attributeName', input.attributeName, 128);
  assertMaxLength('description', input.description, 128);
  if (!DATA_TYPES.includes(input.attributeDataTypeCode)) throw invalid('attributeDataTypeCode is invalid');
  if ((input.attributeRoleRelationIds?.length ?? 0) > MAX_LIST) throw invalid(`attributeRoleRelationIds must hold at most ${MAX_LIST} ids`);
  if ((input.attributeTagIds?.length ?? 0) > MAX_LIST) throw invalid(`attributeTagIds must hold at most ${MAX_LIST} ids`);
  for (const id of input.attributeRoleRelationIds ?? []) assertId('roleId', id);
  for (const id of input.attributeTagIds ?? []) assertId('attributeTagId', id);
}

/** Ids once each, in first-seen order: a list naming an id twice means it once. */
export const uniqueIds = (ids: readonly string[] | null | undefined) => [...new Set(ids ?? [])];

/** The attribute, or `20001`. The id is syntax-checked first (`400`). */
export async function requireAttribute(deps: Deps, tenantId: string, attributeId: string): Promise<AttributeRecord> {
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
  const roleIds = uniqueIds(input.attributeRoleRelationIds);
  await assertRolesExist(deps, tenantId, roleIds);
  const existing = await deps.repos.attributes.summaries(tenantId, [input.attributeId]);
  if (existing.size > 0) throw new DomainError('attribute.exists', `attribute ${input.attributeId} already exists`);
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
      uniqueIds(input.attributeTagIds).map((attributeTagId) => ({ attributeId: input.attributeId, attributeTagId, createdAt: now })),
    ),
  ];
  // A concurrent create of the same id loses on the primary key: answered as 20000, not 500.
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

/**
 * PUT (L7): the data type is required; name and description change when given; role relations and
 * tags are replaced when their list is given. Order of checks (§2): input `400`, attribute
 * `20001`, roles `11001`, then a data-type change of an attribute in use `20005` (A5).
 */
export async function updateAttribute(deps: Deps, tenantId: string, attributeId: string, input: AttributeInput): Promise<Changed> {
  assertId('attributeId', attributeId);
  checkInput(input);
  const record = await requireAttribute(deps, tenantId, attributeId);
  const roleIds = input.attributeRoleRelationIds ? uniqueIds(input.attributeRoleRelationIds) : undefined;
  if (roleIds) await assertRolesExist(deps, tenantId, roleIds);
  if (input.attributeDataTypeCode !== record.dataType && (await deps.repos.attributes.inUse(tenantId, [attributeId])).has(attributeId)) {
    throw new DomainError('attribute.in_use', `attribute ${attributeId} is used by conditions; its data type cannot change`);
  }
  const now = deps.clock.now().toISOString();
  const patch: { attributeName?: string; description?: string; dataType: string } = { dataType: input.attributeDataTypeCode };
  if (input.attributeName != null) patch.attributeName = input.attributeName;
  if (input.description != null) patch.description = input.description;
  const ops: WriteOp[] = [deps.repos.attributes.update(tenantId, attributeId, patch)];
  if (roleIds) {
    ops.push(
      deps.repos.attributes.deleteRoles(tenantId, attributeId),
      ...deps.repos.attributes.insertRoles(tenantId, roleIds.map((roleId) => ({ attributeId, roleId, createdAt: now }))),
    );
  }
  if (input.attributeTagIds) {
    ops.push(
      deps.repos.attributes.deleteTags(tenantId, attributeId),
      ...deps.repos.attributes.insertTags(tenantId, uniqueIds(input.attributeTagIds).map((attributeTagId) => ({ attributeId, attributeTagId, createdAt: now }))),
    );
  }
  return { revision: await applyChange(deps, tenantId, ops) };
}

/**
 * A5, §12: attributes in use are kept (`20005`) unless `forceDelete`, which also strips every
 * condition using them from user–role and role–role relations in the same batch. A changed user
 * relation is recorded as REMOVE then ADD (Y1: all REMOVEs of the request before its ADDs).
 * The list takes 1..1000 distinct ids (L6); a single delete is a one-item list.
 */
export async function deleteAttributes(deps: Deps, tenantId: string, attributeIds: string[], forceDelete: boolean): Promise<Changed> {
  assertBulk('attributeIds', attributeIds);
  for (const id of attributeIds) assertId('attributeId', id);
  const found = await deps.repos.attributes.summaries(tenantId, attributeIds);
  const missing = attributeIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new DomainError('attribute.not_found', `attribute ${missing} not found`);
  const using = await deps.repos.attributes.relationsUsing(tenantId, attributeIds);
  const ops: WriteOp[] = [];
  if (using.users.length > 0 || using.roles.length > 0) {
    if (!forceDelete) throw new DomainError('attribute.in_use', 'the attribute is used by conditions; use forceDelete to remove them too');
    const gone = new Set(attributeIds);
    const after = using.users.map((r) => ({ ...r, conditions: r.conditions.filter((c) => !gone.has(c.attributeId)) }));
    ops.push(
      ...deps.repos.attributes.stripConditions(tenantId, attributeIds),
      ...deps.repos.users.insertHistories(tenantId, [...using.users.map((r) => removalHistory(deps, r)), ...after.map((r) => additionHistory(deps, r))]),
    );
  }
  ops.push(...deps.repos.attributes.delete(tenantId, attributeIds));
  return { revision: await applyChange(deps, tenantId, ops) };
}
