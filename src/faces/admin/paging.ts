import type { Context } from 'hono';
import type { Page } from '../../domain/paging';
import { setPaginationHeaders } from '../shared/pagination-headers';

/** `{items, totalItems}` with `Total-Number` and `Link` headers. */
export function pageBody<T, W>(c: Context, q: { page: number; page_size: number }, page: Page<T>, toWire: (item: T) => W) {
  setPaginationHeaders(c, { page: q.page, pageSize: q.page_size, total: page.totalItems, pageParam: 'page', sizeParam: 'page_size' });
  return { items: page.items.map(toWire), totalItems: page.totalItems };
}
