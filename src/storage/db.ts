import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import type { BatchItem } from 'drizzle-orm/batch';
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { WriteOp } from '../domain/ports';
import * as schema from './schema';

export type Db = DrizzleD1Database<typeof schema>;

export function openDb(d1: D1Database): Db {
  return drizzle(d1, { schema });
}

/** The domain sees writes as opaque ops; only storage looks inside. */
export function asOp(query: BatchItem<'sqlite'>): WriteOp {
  return query as unknown as WriteOp;
}

export function fromOp(op: WriteOp): BatchItem<'sqlite'> {
  return op as unknown as BatchItem<'sqlite'>;
}

/**
 * D1 accepts at most 100 bound parameters per statement, so multi-row inserts are cut into chunks
 * that stay under it, and id lists are bound as one JSON parameter (see `inList`).
 */
export const D1_MAX_BOUND_PARAMETERS = 100;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows per INSERT so that `columns` parameters per row stay under the D1 limit. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.floor(D1_MAX_BOUND_PARAMETERS / columns));
}

/**
 * `column IN (values)` with the whole list bound as a single JSON parameter, so a list of any
 * length stays within D1's bound-parameter limit.
 */
export function inList(column: SQLiteColumn | SQL, values: readonly (string | number)[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}
