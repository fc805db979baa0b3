import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Page, PageRequest, SortKey } from '../../domain/paging';
import { setPaginationHeaders } from '../shared/pagination-headers';

/** Logto-style `page` (from 1) and `page_size` (1..100, default 20). */
export const adminPagingQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).optional().default(1),
  page_size: z.coerce.number().int().min(1).max(100).optional().default(20),
};

export function adminPageRequest<F extends string>(q: { page: number; page_size: number }, sort: SortKey<F>[]): PageRequest<F> {
  return { page: q.page, itemsPerPage: q.page_size, sort };
}

/** `{items, totalItems}` with `Total-Number` and `Link` headers. */
export function pageBody<T, W>(c: Context, q: { page: number; page_size: number }, page: Page<T>, toWire: (item: T) => W) {
  setPaginationHeaders(c, { page: q.page, pageSize: q.page_size, total: page.totalItems, pageParam: 'page', sizeParam: 'page_size' });
  return { items: page.items.map(toWire), totalItems: page.totalItems };
}
