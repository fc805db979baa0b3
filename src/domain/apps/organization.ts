import { DomainError } from '../errors';
import type { Deps } from '../ports';
import type { Organization, Tenant } from '../tenants/tenant';

/** `/organizations`: the organization that owns the tenant, and whether it has a logo. */
export async function tenantOrganization(deps: Deps, tenant: Tenant): Promise<{ organization: Organization; hasLogo: boolean }> {
  const organization = tenant.organizationId ? await deps.repos.organizations.find(tenant.organizationId) : null;
  if (!organization) throw new DomainError('organization.not_found', 'this tenant belongs to no organization');
  const hasLogo = (await deps.repos.apps.imageOwners(tenant.appKey, 'organization', [organization.id])).has(organization.id);
  return { organization, hasLogo };
}
