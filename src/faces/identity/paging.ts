import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Page, PageRequest } from '../../domain/paging';
import { pageUrl, setPaginationHeaders } from '../shared/pagination-headers';

export { flag, many } from '../shared/query';

/**
 * intdash list parameters: `page` (from 1), `per_page` (1..200, default 30). Logto's `page_size`
 * is accepted as a synonym, so Logto-style clients page the same way.
 */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(200).optional(),
  page_size: z.coerce.number().int().min(1).max(200).optional(),
});

type PageQuery = z.infer<typeof pageQuery>;

/**
 * `sort=name+|name-|name` over `keys` (a missing suffix is ascending). A literal `+` in a query
 * string decodes to a space, so `sort=name+` typed unencoded arrives as `name ` and means `name+`.
 */
export function sortQuery<K extends string>(keys: readonly [K, ...K[]], fallback: `${K}${'' | '+' | '-'}`) {
  const values = keys.flatMap((k) => [k, `${k}+`, `${k}-`]) as [string, ...string[]];
  return z.preprocess((v) => (typeof v === 'string' && v.endsWith(' ') ? `${v.trimEnd()}+` : v), z.enum(values).default(fallback));
}

/** The domain page request of a list query; `fields` maps wire sort keys to domain fields. */
export function pageRequestOf<F extends string>(q: PageQuery & { sort?: string }, fields?: Record<string, F>, fallback?: F): PageRequest<F> {
  const size = q.per_page ?? q.page_size ?? 30;
  const key = q.sort?.replace(/[+-]$/, '');
  const field = key !== undefined && fields ? fields[key] : fallback;
  return { page: q.page, itemsPerPage: size, sort: field ? [{ field, direction: q.sort?.endsWith('-') ? 'DESC' : 'ASC' }] : [] };
}

/**
 * intdash's page object (its SDKs read these fields): `total_count`; `first` / `last`, whether this
 * is the first / last page; `next` / `previous`, the path (with the query) of the next / previous
 * page, `""` when there is none. Past the last page, `previous` is the last page.
 */
export function pageObject(c: Context, request: PageRequest, total: number) {
  const lastPage = Math.max(1, Math.ceil(total / request.itemsPerPage));
  const at = (page: number) => {
    const url = pageUrl(c, { page, per_page: request.itemsPerPage });
    return `${url.pathname}${url.search}`;
  };
  return {
    total_count: total,
    first: request.page === 1,
    last: request.page >= lastPage,
    next: request.page < lastPage ? at(request.page + 1) : '',
    previous: request.page > 1 ? at(Math.min(request.page - 1, lastPage)) : '',
  };
}

/** Answers a page as intdash `{items, page}` (`pageObject`) with Logto's `Total-Number` and `Link` headers. */
export function listAnswer<T, W>(c: Context, request: PageRequest, page: Page<T>, items: W[]) {
  setPaginationHeaders(c, { page: request.page, pageSize: request.itemsPerPage, total: page.totalItems, pageParam: 'page', sizeParam: 'per_page' });
  return { items, page: pageObject(c, request, page.totalItems) };
}

const PageInfo = z
  .object({ total_count: z.number().int(), first: z.boolean(), last: z.boolean(), next: z.string(), previous: z.string() })
  .openapi('Page', { description: 'next / previous: path and query of that page, "" when there is none' });

export const pageSchema = <S extends z.ZodTypeAny>(item: S) => z.object({ items: z.array(item), page: PageInfo });
