import { DomainError, type DomainErrorCode } from '../domain/errors';
import type { UnitOfWork, WriteOp } from '../domain/ports';
import { isDegraded, ServiceUnavailableError } from './availability';
import { fromOp, type Db } from './db';

function isUniqueViolation(err: unknown): boolean {
  const text = String((err as { message?: unknown })?.message ?? err) + String((err as { cause?: unknown })?.cause ?? '');
  return /UNIQUE constraint failed|PRIMARY KEY constraint failed|SQLITE_CONSTRAINT/i.test(text);
}

/**
 * Runs ops as one D1 batch: D1 executes a batch as a single transaction (all or nothing), so a
 * failure anywhere in it leaves nothing written. A request that found the tenant's coordinator
 * unreachable commits nothing (its revision bump could not follow; storage/availability.ts).
 */
export function createUnitOfWork(db: Db): UnitOfWork {
  return {
    async commit(ops: WriteOp[], onConflict?: DomainErrorCode) {
      if (ops.length === 0) return;
      if (isDegraded(db)) throw new ServiceUnavailableError('the tenant coordinator is unavailable: nothing was written');
      const [first, ...rest] = ops.map(fromOp);
      try {
        await db.batch([first!, ...rest]);
      } catch (err) {
        if (onConflict && isUniqueViolation(err)) throw new DomainError(onConflict, 'a concurrent request already wrote this');
        throw err;
      }
    },
  };
}
