import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';
import type { Scope, ScopeFilter, ScopeSortField } from './scope';

export interface ScopeRepository {
  find(tenantId: string, scopeId: string): Promise<Scope | null>;
  /** Which of `scopeIds` exist. */
  existing(tenantId: string, scopeIds: string[]): Promise<Set<string>>;
  search(tenantId: string, filter: ScopeFilter, page: PageRequest<ScopeSortField>): Promise<Page<Scope>>;
  /** Of `scopeIds`, those some user–role relation uses. */
  inUse(tenantId: string, scopeIds: string[]): Promise<Set<string>>;
  insert(tenantId: string, scope: Scope): WriteOp;
  updateDescription(tenantId: string, scopeId: string, description: string | null): WriteOp;
  delete(tenantId: string, scopeIds: string[]): WriteOp;
}
