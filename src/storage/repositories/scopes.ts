import type { ScopeRepository } from '../../domain/scopes/repository';
import type { Db } from '../db';
import { groups, scopes, userRoleRelations } from '../schema';
import { createCatalogRepository } from './catalog';

export function createScopeRepository(db: Db): ScopeRepository {
  return createCatalogRepository(
    db,
    { table: scopes, idKey: 'scopeId', tenantId: scopes.tenantId, id: scopes.scopeId, description: scopes.description, createdAt: scopes.createdAt },
    { table: userRoleRelations, tenantId: userRoleRelations.tenantId, ref: userRoleRelations.scopeId },
    // A group's scope lives and dies with the group (Identity API).
    { table: groups, tenantId: groups.tenantId, ref: groups.groupId },
  );
}
