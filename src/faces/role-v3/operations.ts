import { operations } from '../../domain/operations/operations';
import { catalogRoutes } from './catalog-routes';

/** Reference section オペレーション. */
export function operationRoutes() {
  return catalogRoutes({
    useCases: operations,
    segment: 'operations',
    idName: 'operationId',
    itemName: 'operation',
    listName: 'operations',
    protocol: 'OperationResponseProtocol',
    tag: 'Operations',
    withAppKey: true,
    searchRequestName: 'PostSearchOperations.Request',
    searchResponseName: 'PostSearchOperations.Response',
    idsResponseName: 'GetAllOperationIds.Response',
    getResponseName: 'GetOperation.Response',
    createRequestName: 'CreateOperation.Request',
    updateRequestName: 'UpdateOperation.Request',
  });
}
