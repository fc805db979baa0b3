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

/** Case-sensitive literal prefix match (`*PreLike`); LIKE would ignore ASCII case. */
export function startsWith(column: SQLiteColumn | SQL, prefix: string): SQL {
  return sql`substr(${column}, 1, ${[...prefix].length}) = ${prefix}`;
}

/**
 * Case-insensitive substring match (`descriptionLike`, `roleNameLike`, ...): ASCII case folded, as
 * LIKE does. Not LIKE itself: D1 refuses LIKE patterns over 50 bytes ("LIKE or GLOB pattern too
 * complex"), so a longer filter value would fail the query; `instr` has no such limit and needs no escaping.
 */
export function containsInsensitive(column: SQLiteColumn | SQL, part: string): SQL {
  return sql`instr(lower(${column}), lower(${part})) > 0`;
}
