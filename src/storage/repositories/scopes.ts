import type { ScopeRepository } from '../../domain/scopes/repository';
import type { Db } from '../db';
import { scopes, userRoleRelations } from '../schema';
import { createCatalogRepository } from './catalog';

export function createScopeRepository(db: Db): ScopeRepository {
  return createCatalogRepository(
    db,
    { table: scopes, idKey: 'scopeId', tenantId: scopes.tenantId, id: scopes.scopeId, description: scopes.description, createdAt: scopes.createdAt },
    { table: userRoleRelations, tenantId: userRoleRelations.tenantId, ref: userRoleRelations.scopeId },
  );
}
