import { applyChange, type Changed } from '../change';
import { assertBulk, assertId } from '../ids';
import type { PageRequest } from '../paging';
import type { Deps } from '../ports';
import type { AttributeTagFilter } from './attribute';
import { requireAttribute, uniqueIds } from './attributes';

/** L6 for the id list, then the attribute (`20001`). */
async function checkRequest(deps: Deps, tenantId: string, attributeId: string, tagIds: string[]) {
  assertId('attributeId', attributeId);
  assertBulk('attributeTagIds', tagIds, { unique: false });
  for (const id of tagIds) assertId('attributeTagId', id);
  await requireAttribute(deps, tenantId, attributeId);
}

/** A6: adds the tags; tags already on the attribute keep their registration time. */
export async function addAttributeTags(deps: Deps, tenantId: string, attributeId: string, tagIds: string[]): Promise<Changed> {
  await checkRequest(deps, tenantId, attributeId, tagIds);
  const now = deps.clock.now().toISOString();
  const tags = uniqueIds(tagIds).map((attributeTagId) => ({ attributeId, attributeTagId, createdAt: now }));
  return { revision: await applyChange(deps, tenantId, deps.repos.attributes.insertTags(tenantId, tags)) };
}

/** A6: removes the tags; tags the attribute does not carry are skipped. */
export async function removeAttributeTags(deps: Deps, tenantId: string, attributeId: string, tagIds: string[]): Promise<Changed> {
  await checkRequest(deps, tenantId, attributeId, tagIds);
  return { revision: await applyChange(deps, tenantId, [deps.repos.attributes.deleteTags(tenantId, attributeId, uniqueIds(tagIds))]) };
}

export type AttributeTagSortField = 'attributeTagId' | 'attributeId' | 'createdAt';

/** A6: `(attributeId, attributeTagId, regYmdt)` pairs. */
export function searchAttributeTags(deps: Deps, tenantId: string, filter: AttributeTagFilter, page: PageRequest<AttributeTagSortField>) {
  return deps.repos.attributes.searchTags(tenantId, filter, page);
}

/** A6: distinct tag ids carried by at least one matching attribute. */
export function listAttributeTagIds(deps: Deps, tenantId: string, filter: AttributeTagFilter, page: PageRequest<'attributeTagId'>) {
  return deps.repos.attributes.tagIds(tenantId, filter, page);
}
