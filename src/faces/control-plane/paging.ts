import type { Context } from 'hono';
import type { Page, PageRequest, SortKey } from '../../domain/paging';
import { type PageLink, setLinkHeaders } from '../shared/pagination-headers';

/** Lists are in creation order; items created in the same millisecond (a tenant's defaults) by name. */
export const BY_CREATION = [
  { field: 'createdAt', direction: 'ASC' },
  { field: 'name', direction: 'ASC' },
] as const satisfies SortKey<'createdAt' | 'name'>[];

/** The domain page request of `limit`/`offset`. */
export const offsetRequest = <F extends string>(q: { limit: number; offset: number }, sort: readonly SortKey<F>[]): PageRequest<F> => ({
  page: Math.floor(q.offset / q.limit) + 1,
  itemsPerPage: q.limit,
  offset: q.offset,
  sort: [...sort],
});

/**
 * idp-server's `{list, total_count, limit, offset}`, with the Logto headers: `Total-Number`, and a
 * `Link` whose first / prev / next / last targets are offsets of the same request.
 */
export function offsetListAnswer<T, W>(c: Context, q: { limit: number; offset: number }, page: Page<T>, toWire: (item: T) => W) {
  const at = (rel: PageLink['rel'], offset: number): PageLink => ({ rel, params: { offset, limit: q.limit } });
  const last = Math.max(0, Math.floor((page.totalItems - 1) / q.limit) * q.limit);
  const links = [at('first', 0)];
  if (q.offset > 0) links.push(at('prev', Math.max(0, Math.min(q.offset - q.limit, last))));
  if (q.offset + q.limit < page.totalItems) links.push(at('next', q.offset + q.limit));
  links.push(at('last', last));
  setLinkHeaders(c, page.totalItems, links);
  return { list: page.items.map(toWire), total_count: page.totalItems, limit: q.limit, offset: q.offset };
}
