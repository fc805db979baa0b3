import type { Context } from 'hono';

/**
 * Logto conventions: `Total-Number` carries the total count and `Link` (RFC 8288) the first, prev,
 * next and last pages, built from the request URL so other query parameters are kept.
 */
export function setPaginationHeaders(
  c: Context,
  p: { page: number; pageSize: number; total: number; pageParam: string; sizeParam: string },
): void {
  c.header('Total-Number', String(p.total));
  const last = Math.max(1, Math.ceil(p.total / p.pageSize));
  const link = (page: number, rel: string) => {
    const url = new URL(c.req.url);
    url.searchParams.set(p.pageParam, String(page));
    url.searchParams.set(p.sizeParam, String(p.pageSize));
    return `<${url.pathname}${url.search}>; rel="${rel}"`;
  };
  const links = [link(1, 'first')];
  if (p.page > 1) links.push(link(Math.min(p.page - 1, last), 'prev'));
  if (p.page < last) links.push(link(p.page + 1, 'next'));
  links.push(link(last, 'last'));
  c.header('Link', links.join(', '));
}
