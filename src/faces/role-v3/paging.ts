import { z } from '@hono/zod-openapi';
import type { PageRequest, SortDirection, SortKey } from '../../domain/paging';

const positiveInt = (field: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${field} must be a positive integer`)
    .transform(Number)
    .pipe(z.number().int().min(1, `${field} must be at least 1`).max(max, `${field} must be at most ${max}`));

/** A query parameter that may be repeated (`?a=1&a=2`) or comma-separated (`?a=1,2`) (L5). */
export const listParam = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s !== '')));

/**
 * `page`, `itemsPerPage` and repeatable `sort=field[,ASC|DESC]` (L1–L3). `fields` maps accepted wire
 * names to domain fields; the item's primary id is appended as the last key by the repository.
 */
export function pagingQuery<F extends string>(fields: Record<string, F>, defaults: SortKey<F>[]) {
  return {
    page: positiveInt('page', 2_147_483_647).optional().default(1).openapi({ type: 'integer', example: 1 }),
    itemsPerPage: positiveInt('itemsPerPage', 1000).optional().default(10).openapi({ type: 'integer', example: 10 }),
    sort: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((raw, ctx): SortKey<F>[] => {
        if (raw === undefined) return defaults;
        const keys: SortKey<F>[] = [];
        for (const entry of Array.isArray(raw) ? raw : [raw]) {
          const [name = '', dir = 'ASC', ...rest] = entry.split(',').map((s) => s.trim());
          // Own keys only: `sort=__proto__` (or `constructor`) must not find Object.prototype's members.
          const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
          const direction = dir.toUpperCase();
          if (!field || rest.length > 0 || (direction !== 'ASC' && direction !== 'DESC')) {
            ctx.addIssue({ code: 'custom', message: `sort "${entry}" is not supported; use one of ${Object.keys(fields).join(', ')} with ASC or DESC` });
            return z.NEVER;
          }
          keys.push({ field, direction: direction as SortDirection });
        }
        return keys.length ? keys : defaults;
      })
      .openapi({ type: 'array', items: { type: 'string' }, example: Object.keys(fields)[0] }),
  };
}

export function pageRequest<F extends string>(q: { page: number; itemsPerPage: number; sort: SortKey<F>[] }): PageRequest<F> {
  return { page: q.page, itemsPerPage: q.itemsPerPage, sort: q.sort };
}
