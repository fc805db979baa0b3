import type { OperationRepository } from '../../domain/operations/repository';
import type { Db } from '../db';
import { operations, resourceAuthorizations } from '../schema';
import { createCatalogRepository } from './catalog';

export function createOperationRepository(db: Db): OperationRepository {
  return createCatalogRepository(
    db,
    {
      table: operations,
      idKey: 'operationId',
      tenantId: operations.tenantId,
      id: operations.operationId,
      description: operations.description,
      createdAt: operations.createdAt,
    },
    { table: resourceAuthorizations, tenantId: resourceAuthorizations.tenantId, ref: resourceAuthorizations.operationId },
  );
}
