import { DomainError } from '../errors';
import type { Deps, WriteOp } from '../ports';
import type { Organization, Tenant } from '../tenants/tenant';

/** `/organizations`: the organization that owns the tenant, and whether it has a logo. */
export async function tenantOrganization(deps: Deps, tenant: Tenant): Promise<{ organization: Organization; hasLogo: boolean }> {
  const organization = tenant.organizationId ? await deps.repos.organizations.find(tenant.organizationId) : null;
  if (!organization) throw new DomainError('organization.not_found', 'this tenant belongs to no organization');
  const hasLogo = (await deps.repos.apps.imageOwners(tenant.appKey, 'organization', [organization.id])).has(organization.id);
  return { organization, hasLogo };
}

/**
 * The writes that go with moving tenant `appKey` from organization `from` to `to`: none when it
 * stays, else emptying the allow-list (its clients were allowed to read the old organization's data).
 */
export function onOrganizationChange(deps: Deps, appKey: string, from: string | null, to: string | null): WriteOp[] {
  return from === to ? [] : [deps.repos.apps.clearAllowedClients(appKey)];
}
