import { applyChange, type Changed } from '../change';
import { DomainError } from '../errors';
import { assertBulk, assertId, assertMaxLength } from '../ids';
import type { Page, PageRequest } from '../paging';
import type { Deps } from '../ports';
import type { CatalogEntry, CatalogFilter, CatalogKind, CatalogRepository, CatalogSortField } from './entry';

/** The use cases of one catalog (create, get, search, update, delete), bound to its repository. */
export function catalogUseCases(kind: CatalogKind, repoOf: (deps: Deps) => CatalogRepository) {
  const immutable = (id: string) => kind.immutableIds?.includes(id) && kind.codes.immutable;

  async function get(deps: Deps, tenantId: string, id: string): Promise<CatalogEntry> {
    assertId(kind.idKind, id);
    const entry = await repoOf(deps).find(tenantId, id);
    if (!entry) throw new DomainError(kind.codes.notFound, `${kind.label} ${id} not found`);
    return entry;
  }

  async function create(deps: Deps, tenantId: string, input: { id: string; description?: string | null }): Promise<Changed> {
    assertId(kind.idKind, input.id);
    assertMaxLength('description', input.description, 128);
    const repo = repoOf(deps);
    if (await repo.find(tenantId, input.id)) throw new DomainError(kind.codes.exists, `${kind.label} ${input.id} already exists`);
    const entry = { id: input.id, description: input.description ?? null, createdAt: deps.clock.now().toISOString() };
    return { revision: await applyChange(deps, tenantId, [repo.insert(tenantId, entry)], kind.codes.exists) };
  }

  function search(deps: Deps, tenantId: string, filter: CatalogFilter, page: PageRequest<CatalogSortField>): Promise<Page<CatalogEntry>> {
    return repoOf(deps).search(tenantId, filter, page);
  }

  /** L7: an absent description leaves the stored one unchanged. */
  async function update(deps: Deps, tenantId: string, id: string, input: { description?: string | null }): Promise<Changed> {
    assertId(kind.idKind, id);
    assertMaxLength('description', input.description, 128);
    const code = immutable(id);
    if (code) throw new DomainError(code, `the ${id} ${kind.label} cannot be changed`);
    await get(deps, tenantId, id);
    const ops = input.description == null ? [] : [repoOf(deps).updateDescription(tenantId, id, input.description)];
    return { revision: await applyChange(deps, tenantId, ops) };
  }

  /** All or nothing (L6): immutable, unknown and in-use ids refuse the whole request. */
  async function removeMany(deps: Deps, tenantId: string, ids: string[]): Promise<Changed> {
    assertBulk(`${kind.idKind}s`, ids);
    for (const id of ids) assertId(kind.idKind, id);
    for (const id of ids) {
      const code = immutable(id);
      if (code) throw new DomainError(code, `the ${id} ${kind.label} cannot be deleted`);
    }
    const repo = repoOf(deps);
    const existing = await repo.existing(tenantId, ids);
    const missing = ids.find((id) => !existing.has(id));
    if (missing !== undefined) throw new DomainError(kind.codes.notFound, `${kind.label} ${missing} not found`);
    const used = await repo.inUse(tenantId, ids);
    const firstUsed = ids.find((id) => used.has(id));
    if (firstUsed !== undefined) throw new DomainError(kind.codes.inUse, `${kind.label} ${firstUsed} is ${kind.inUseReason}`);
    return { revision: await applyChange(deps, tenantId, [repo.delete(tenantId, ids)]) };
  }

  const remove = (deps: Deps, tenantId: string, id: string) => removeMany(deps, tenantId, [id]);

  return { create, get, search, update, remove, removeMany };
}
