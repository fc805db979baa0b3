import type { Context } from 'hono';

/** One `Link` target: its relation and the query parameters that select its page. */
export type PageLink = { rel: 'first' | 'prev' | 'next' | 'last'; params: Record<string, number> };

/**
 * Logto conventions: `Total-Number` carries the total count and `Link` (RFC 8288) the first, prev,
 * next and last pages. Targets are absolute URLs (as Logto's and GitHub's are), so a client can
 * follow `next` without resolving it, and keep every other query parameter of the request.
 */
export function setLinkHeaders(c: Context, total: number, links: PageLink[]): void {
  c.header('Total-Number', String(total));
  c.header('Link', links.map(({ rel, params }) => `<${pageUrl(c, params).href}>; rel="${rel}"`).join(', '));
}

/** The request's URL with `params` set: another page of the same list, every other parameter kept. */
export function pageUrl(c: Context, params: Record<string, number>): URL {
  const url = new URL(c.req.url);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, String(value));
  return url;
}

/** Page-numbered lists (`page` from 1 and a page size parameter). */
export function setPaginationHeaders(
  c: Context,
  p: { page: number; pageSize: number; total: number; pageParam: string; sizeParam: string },
): void {
  const last = Math.max(1, Math.ceil(p.total / p.pageSize));
  const at = (rel: PageLink['rel'], page: number): PageLink => ({ rel, params: { [p.pageParam]: page, [p.sizeParam]: p.pageSize } });
  const links = [at('first', 1)];
  if (p.page > 1) links.push(at('prev', Math.min(p.page - 1, last)));
  if (p.page < last) links.push(at('next', p.page + 1));
  links.push(at('last', last));
  setLinkHeaders(c, p.total, links);
}
