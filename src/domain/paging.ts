export type SortDirection = 'ASC' | 'DESC';

export interface SortKey<F extends string = string> {
  field: F;
  direction: SortDirection;
}

/** A page request: `page` starts at 1. Sort keys are domain field names, primary first. */
export interface PageRequest<F extends string = string> {
  page: number;
  itemsPerPage: number;
  sort: SortKey<F>[];
}

export interface Page<T> {
  totalItems: number;
  items: T[];
}
