import { asc, desc, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { SortKey } from '../../domain/paging';

/**
 * ORDER BY for a domain sort: the requested keys, then the tie-breakers (the item's primary id),
 * so that the order is total and stable. SQLite's default BINARY collation compares strings by
 * bytes, which for UTF-8 keeps code-point order.
 */
export function orderBy<F extends string>(
  sort: SortKey<F>[],
  columns: Record<F, SQLiteColumn | SQL>,
  tieBreakers: (SQLiteColumn | SQL)[],
): SQL[] {
  const keys = sort.map((k) => (k.direction === 'DESC' ? desc(columns[k.field]) : asc(columns[k.field])));
  return [...keys, ...tieBreakers.map((c) => asc(c))];
}

export function offsetOf(page: { page: number; itemsPerPage: number; offset?: number }): number {
  return page.offset ?? (page.page - 1) * page.itemsPerPage;
}

/** LIKE pattern for a literal prefix: `%`, `_` and the escape char itself are escaped. */

export function containsPattern(part: string): string {
  return `%${escapeLike(part)}%`;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Case-sensitive literal prefix match (`*PreLike`); LIKE would ignore ASCII case. */
export function startsWith(column: SQLiteColumn | SQL, prefix: string): SQL {
  return sql`substr(${column}, 1, ${[...prefix].length}) = ${prefix}`;
}

/** Case-insensitive substring match (`descriptionLike`, `roleNameLike`, ...). */
export function containsInsensitive(column: SQLiteColumn | SQL, part: string): SQL {
  return sql`${column} LIKE ${containsPattern(part)} ESCAPE '\\'`;
}
