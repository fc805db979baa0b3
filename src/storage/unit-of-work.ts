import { DomainError, type DomainErrorCode } from '../domain/errors';
import type { UnitOfWork, WriteOp } from '../domain/ports';
import { fromOp, type Db } from './db';

function isUniqueViolation(err: unknown): boolean {
  const text = String((err as { message?: unknown })?.message ?? err) + String((err as { cause?: unknown })?.cause ?? '');
  return /UNIQUE constraint failed|PRIMARY KEY constraint failed|SQLITE_CONSTRAINT/i.test(text);
}

/** Runs ops as one D1 batch: D1 executes a batch as a single transaction (all or nothing). */
export function createUnitOfWork(db: Db): UnitOfWork {
  return {
    async commit(ops: WriteOp[], onConflict?: DomainErrorCode) {
      if (ops.length === 0) return;
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
