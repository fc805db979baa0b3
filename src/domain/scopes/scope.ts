export interface Scope {
  scopeId: string;
  description: string | null;
  createdAt: string;
}

export type ScopeSortField = 'scopeId' | 'description' | 'createdAt';

export interface ScopeFilter {
  scopeIdPreLike?: string;
  scopeIds?: string[];
  descriptionLike?: string;
}
