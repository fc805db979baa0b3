import { scopes } from '../../domain/scopes/scopes';
import { catalogRoutes } from './catalog-routes';

/** Reference section スコープ. */
export function scopeRoutes() {
  return catalogRoutes({
    useCases: scopes,
    segment: 'scopes',
    idName: 'scopeId',
    itemName: 'scope',
    listName: 'scopes',
    protocol: 'ScopeProtocol',
    tag: 'Scopes',
    withAppKey: false,
    searchRequestName: 'PostSearchScopes.Request',
    searchResponseName: 'PostSearchScopes.Response',
    idsResponseName: 'GetAllScopeIds.Response',
    getResponseName: 'GetScope.Response',
    createRequestName: 'CreateScope.Request',
    updateRequestName: 'UpdateScope.Request',
  });
}
