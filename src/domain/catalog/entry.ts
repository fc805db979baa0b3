import type { DomainErrorCode } from '../errors';
import type { IdKind } from '../ids';
import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';

/**
 * A catalog entry: an id with a description (scopes, operations). Both share one set of use cases
 * and one repository shape; what differs is configured by `CatalogKind`.
 */
export interface CatalogEntry {
  id: string;
  description: string | null;
  createdAt: string;
}

export type CatalogSortField = 'id' | 'description' | 'createdAt';

export interface CatalogFilter {
  idPreLike?: string;
  ids?: string[];
  descriptionLike?: string;
}

export interface CatalogRepository {
  find(tenantId: string, id: string): Promise<CatalogEntry | null>;
  /** Which of `ids` exist. */
  existing(tenantId: string, ids: string[]): Promise<Set<string>>;
  search(tenantId: string, filter: CatalogFilter, page: PageRequest<CatalogSortField>): Promise<Page<CatalogEntry>>;
  /** Of `ids`, those something else still references (deletes are refused for them). */
  inUse(tenantId: string, ids: string[]): Promise<Set<string>>;
  insert(tenantId: string, entry: CatalogEntry): WriteOp;
  updateDescription(tenantId: string, id: string, description: string | null): WriteOp;
  delete(tenantId: string, ids: string[]): WriteOp;
}

export interface CatalogKind {
  label: string;
  idKind: IdKind;
  codes: { exists: DomainErrorCode; notFound: DomainErrorCode; inUse: DomainErrorCode; immutable?: DomainErrorCode };
  inUseReason: string;
  /** Ids that can be neither changed nor deleted (the ALL scope). */
  immutableIds?: readonly string[];
}
