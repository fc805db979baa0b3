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
  /** Rows to skip, for offset-paged faces (idp-server `offset`); when set it wins over `page`. */
  offset?: number;
}

export interface Page<T> {
  totalItems: number;
  items: T[];
}

/**
 * Sorts and pages an in-memory list the way repositories do in SQL: the requested keys, then
 * `tieBreaker`; strings compare by code units (binary), nulls first.
 */
export function pageInMemory<T, F extends string>(
  items: T[],
  page: PageRequest<F>,
  value: (item: T, field: F) => string | number | null,
  tieBreaker: (item: T) => string,
): Page<T> {
  const cmp = (a: string | number | null, b: string | number | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  const sorted = [...items].sort((x, y) => {
    for (const key of page.sort) {
      const c = cmp(value(x, key.field), value(y, key.field));
      if (c !== 0) return key.direction === 'DESC' ? -c : c;
    }
    return cmp(tieBreaker(x), tieBreaker(y));
  });
  const start = page.offset ?? (page.page - 1) * page.itemsPerPage;
  return { totalItems: items.length, items: sorted.slice(start, start + page.itemsPerPage) };
}
