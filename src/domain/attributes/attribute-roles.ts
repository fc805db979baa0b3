import { applyChange, type Changed } from '../change';
import { closure } from '../decisions/effective-roles';
import { assertBulk, assertId } from '../ids';
import { pageInMemory, type Page, type PageRequest } from '../paging';
import type { Deps } from '../ports';
import { assertRolesExist } from '../roles/relation-inputs';
import type { Role, SearchRoleOption } from '../roles/role';
import { groupEdges } from '../users/users';
import type { AttributeRoleLink } from './attribute';
import { requireAttribute, uniqueIds } from './attributes';

/** L6 for the id list, then the attribute (`20001`). */
async function checkRequest(deps: Deps, tenantId: string, attributeId: string, roleIds: string[]) {
  assertId('attributeId', attributeId);
  assertBulk('attributeRoleRelationIds', roleIds, { unique: false });
  for (const id of roleIds) assertId('roleId', id);
  await requireAttribute(deps, tenantId, attributeId);
}

/** A6: relates existing roles (`11001` otherwise); roles already related are kept as they are. */
export async function addAttributeRoles(deps: Deps, tenantId: string, attributeId: string, roleIds: string[]): Promise<Changed> {
  await checkRequest(deps, tenantId, attributeId, roleIds);
  const added = uniqueIds(roleIds);
  await assertRolesExist(deps, tenantId, added);
  const now = deps.clock.now().toISOString();
  return { revision: await applyChange(deps, tenantId, deps.repos.attributes.insertRoles(tenantId, added.map((roleId) => ({ attributeId, roleId, createdAt: now })))) };
}

/** A6: unrelates the listed roles; ids that are not related (or do not exist) are skipped. */
export async function removeAttributeRoles(deps: Deps, tenantId: string, attributeId: string, roleIds: string[]): Promise<Changed> {
  await checkRequest(deps, tenantId, attributeId, roleIds);
  return { revision: await applyChange(deps, tenantId, [deps.repos.attributes.deleteRoles(tenantId, attributeId, uniqueIds(roleIds))]) };
}

export type AttributeRoleSortField = 'attributeId' | 'roleId' | 'roleName' | 'roleGroup' | 'description' | 'exposureOrder' | 'createdAt';

/**
 * Roles related to the attribute. INDIRECT_ROLE (R10) adds every role that reaches a related role
 * through ALLOW role relations (conditions ignored): a holder of such a role holds the related
 * one. An added role's `createdAt` is the role's own, as it has no relation row.
 */
export async function searchAttributeRoles(
  deps: Deps,
  tenantId: string,
  attributeId: string,
  filter: { roleIds?: string[]; roleIdPreLike?: string; option?: SearchRoleOption },
  page: PageRequest<AttributeRoleSortField>,
): Promise<Page<AttributeRoleLink & { role: Role }>> {
  await requireAttribute(deps, tenantId, attributeId);
  const direct = (await deps.repos.attributes.rolesOf(tenantId, [attributeId])).get(attributeId) ?? [];
  let links: (Omit<AttributeRoleLink, 'createdAt'> & { createdAt: string | null })[] = direct;
  if (filter.option === 'INDIRECT_ROLE' && direct.length > 0) {
    // Walk the role graph upwards: edges reversed, so the closure of the related roles is every role above them.
    const reversed = groupEdges((await deps.repos.roles.allRelations(tenantId)).map((r) => ({ ...r, roleId: r.relatedRoleId, relatedRoleId: r.roleId })));
    const listed = new Set(direct.map((l) => l.roleId));
    const reaching = [...closure(reversed, listed, () => true)].filter((id) => !listed.has(id));
    links = [...direct, ...reaching.map((roleId) => ({ attributeId, roleId, createdAt: null }))];
  }
  const wanted = (roleId: string) =>
    (!filter.roleIds?.length || filter.roleIds.includes(roleId)) && (!filter.roleIdPreLike || roleId.startsWith(filter.roleIdPreLike));
  links = links.filter((l) => wanted(l.roleId));
  const roles = await deps.repos.roles.findMany(tenantId, links.map((l) => l.roleId));
  const items = links.flatMap((l) => {
    const role = roles.get(l.roleId);
    return role ? [{ ...l, createdAt: l.createdAt ?? role.createdAt, role }] : [];
  });
  return pageInMemory(
    items,
    page,
    (item, field) => (field === 'attributeId' ? item.attributeId : field === 'roleId' ? item.roleId : field === 'createdAt' ? item.createdAt : item.role[field]),
    (item) => item.roleId,
  );
}
