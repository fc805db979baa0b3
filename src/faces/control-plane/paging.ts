import type { Context } from 'hono';
import type { Page, PageRequest, SortKey } from '../../domain/paging';

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
  c.header('Total-Number', String(page.totalItems));
  const link = (offset: number, rel: string) => {
    const url = new URL(c.req.url);
    url.searchParams.set('offset', String(offset));
    url.searchParams.set('limit', String(q.limit));
    return `<${url.pathname}${url.search}>; rel="${rel}"`;
  };
  const last = Math.max(0, Math.floor((page.totalItems - 1) / q.limit) * q.limit);
  const links = [link(0, 'first')];
  if (q.offset > 0) links.push(link(Math.max(0, Math.min(q.offset - q.limit, last)), 'prev'));
  if (q.offset + q.limit < page.totalItems) links.push(link(q.offset + q.limit, 'next'));
  links.push(link(last, 'last'));
  c.header('Link', links.join(', '));
  return { list: page.items.map(toWire), total_count: page.totalItems, limit: q.limit, offset: q.offset };
}
