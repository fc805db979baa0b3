import { catalogUseCases } from '../catalog/use-cases';

/** Operations (§5.4): one used by a resource authorization is not deleted (O1). */
export const operations = catalogUseCases(
  {
    label: 'operation',
    idKind: 'operationId',
    codes: { exists: 'operation.exists', notFound: 'operation.not_found', inUse: 'operation.in_use' },
    inUseReason: 'used by a resource authorization',
  },
  (deps) => deps.repos.operations,
);
