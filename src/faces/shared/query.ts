import { z } from '@hono/zod-openapi';
import type { PageRequest, SortKey } from '../../domain/paging';

/** A repeatable query parameter (`uuid=a&uuid=b`) as a list. */
export const many = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]));

/** `true` / `false` as a boolean filter; absent means "either". */
export const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));

/** Logto-style `page` (from 1) and `page_size` (1..100, default 20): the operator API and the Apps API. */
export const logtoPagingQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).optional().default(1),
  page_size: z.coerce.number().int().min(1).max(100).optional().default(20),
};

export function logtoPageRequest<F extends string>(q: { page: number; page_size: number }, sort: SortKey<F>[]): PageRequest<F> {
  return { page: q.page, itemsPerPage: q.page_size, sort };
}
