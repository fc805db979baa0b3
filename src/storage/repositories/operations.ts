import type { OperationRepository } from '../../domain/operations/repository';
import type { Db } from '../db';

export function createOperationRepository(_db: Db): OperationRepository {
  return {};
}
