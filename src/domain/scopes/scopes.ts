import { applyChange, type Changed } from '../change';
import { DomainError, invalid } from '../errors';
import { assertId, assertBulk, assertMaxLength } from '../ids';
import type { Page, PageRequest } from '../paging';
import type { Deps } from '../ports';
import { ALL_SCOPE } from '../tenants/tenant';
import type { Scope, ScopeFilter, ScopeSortField } from './scope';

export function scopeRecord(scopeId: string, description: string | null, createdAt: string): Scope {
  return { scopeId, description, createdAt };
}

export async function createScope(
  deps: Deps,
  tenantId: string,
  input: { scopeId: string; description?: string | null },
): Promise<Changed> {
  assertId('scopeId', input.scopeId);
  assertMaxLength('description', input.description, 128);
  if (await deps.repos.scopes.find(tenantId, input.scopeId)) {
    throw new DomainError('scope.exists', `scope ${input.scopeId} already exists`);
  }
  const scope = scopeRecord(input.scopeId, input.description ?? null, deps.clock.now().toISOString());
  return { revision: await applyChange(deps, tenantId, [deps.repos.scopes.insert(tenantId, scope)], 'scope.exists') };
}

export async function getScope(deps: Deps, tenantId: string, scopeId: string): Promise<Scope> {
  assertId('scopeId', scopeId);
  const scope = await deps.repos.scopes.find(tenantId, scopeId);
  if (!scope) throw new DomainError('scope.not_found', `scope ${scopeId} not found`);
  return scope;
}

export function searchScopes(
  deps: Deps,
  tenantId: string,
  filter: ScopeFilter,
  page: PageRequest<ScopeSortField>,
): Promise<Page<Scope>> {
  return deps.repos.scopes.search(tenantId, filter, page);
}

export async function updateScope(
  deps: Deps,
  tenantId: string,
  scopeId: string,
  input: { description?: string | null },
): Promise<Changed> {
  assertId('scopeId', scopeId);
  assertMaxLength('description', input.description, 128);
  if (scopeId === ALL_SCOPE) throw new DomainError('scope.immutable', 'the ALL scope cannot be changed');
  await getScope(deps, tenantId, scopeId);
  const ops = input.description === undefined ? [] : [deps.repos.scopes.updateDescription(tenantId, scopeId, input.description)];
  return { revision: await applyChange(deps, tenantId, ops) };
}

/** Deletes scopes all-or-nothing: ALL, unknown ids and scopes in use refuse the whole request. */
export async function deleteScopes(deps: Deps, tenantId: string, scopeIds: string[]): Promise<Changed> {
  assertBulk('scopeIds', scopeIds);
  for (const id of scopeIds) assertId('scopeId', id);
  if (scopeIds.includes(ALL_SCOPE)) throw new DomainError('scope.immutable', 'the ALL scope cannot be deleted');
  const existing = await deps.repos.scopes.existing(tenantId, scopeIds);
  const missing = scopeIds.find((id) => !existing.has(id));
  if (missing !== undefined) throw new DomainError('scope.not_found', `scope ${missing} not found`);
  const used = await deps.repos.scopes.inUse(tenantId, scopeIds);
  const firstUsed = scopeIds.find((id) => used.has(id));
  if (firstUsed !== undefined) {
    throw new DomainError('scope.in_use', `scope ${firstUsed} is used by a user role relation`);
  }
  return { revision: await applyChange(deps, tenantId, [deps.repos.scopes.delete(tenantId, scopeIds)]) };
}

export function deleteScope(deps: Deps, tenantId: string, scopeId: string): Promise<Changed> {
  if (scopeId === '') throw invalid('scopeId is required');
  return deleteScopes(deps, tenantId, [scopeId]);
}
