import { z } from '@hono/zod-openapi';
import type { TextMatch } from '../../domain/identity/account';
import { many } from '../shared/query';

/**
 * Values one text filter (`name`, `nickname`, `email`) may repeat. Each value is one bound
 * parameter and one `OR` term of the list query: D1 takes at most 100 bound parameters per
 * statement and SQLite nests at most 100 expression levels, so a list naming three such filters
 * stays within both. More is a 400, not a failed query.
 */
export const MAX_TEXT_FILTER_VALUES = 20;

/** A repeatable text filter (`name=a&name="b"`), at most `MAX_TEXT_FILTER_VALUES` values. */
export const textFilter = many.refine((v) => v === undefined || v.length <= MAX_TEXT_FILTER_VALUES, {
  message: `a text filter takes at most ${MAX_TEXT_FILTER_VALUES} values`,
});

/** intdash name filters: `"exact"` in double quotes matches exactly; anything else is a partial match. */
export const textMatches = (values?: string[]): TextMatch[] | undefined =>
  values?.map((v) => (v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? { value: v.slice(1, -1), exact: true } : { value: v, exact: false }));
