import { catalogUseCases } from '../catalog/use-cases';
import type { CatalogEntry } from '../catalog/entry';
import { ALL_SCOPE } from '../tenants/tenant';

/** Scopes (§5.1): the ALL scope is immutable (S1); a scope used by a user relation (S4) or standing for a group stays. */
export const scopes = catalogUseCases(
  {
    label: 'scope',
    idKind: 'scopeId',
    codes: { exists: 'scope.exists', notFound: 'scope.not_found', inUse: 'scope.in_use', immutable: 'scope.immutable' },
    inUseReason: 'used by a user role relation, or is a group (delete the group instead)',
    immutableIds: [ALL_SCOPE],
  },
  (deps) => deps.repos.scopes,
);

export function scopeRecord(id: string, description: string | null, createdAt: string): CatalogEntry {
  return { id, description, createdAt };
}
