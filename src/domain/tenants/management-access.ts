import { callerMay } from '../identity/caller-access';
import type { Caller } from '../identity/principal';
import { DomainError } from '../errors';
import type { Deps } from '../ports';
import type { Tenant } from './tenant';

/**
 * Who calls the control plane: the operator (ADMIN_TOKEN), or a principal holding an access token
 * issued by one of the organization's tenants.
 */
export type ManagementCaller = { kind: 'operator' } | { kind: 'tenant-token'; issuer: Tenant; caller: Caller };

/**
 * The tenant `tenantId` of organization `organizationId`, when `who` may call `method path` on it.
 * A token of another organization's tenant is refused before anything is looked up (it learns
 * nothing about this organization); a token of the organization needs a permission of its issuing
 * tenant allowing the control-plane path (the HTTP check, so `all` suffices). A tenant that is not
 * the organization's is not found, whoever asks.
 */
export async function managedTenant(
  deps: Deps,
  organizationId: string,
  tenantId: string,
  who: ManagementCaller,
  request: { method: string; path: string },
): Promise<Tenant> {
  if (who.kind === 'tenant-token') {
    if (who.issuer.organizationId === null || who.issuer.organizationId !== organizationId) {
      throw new DomainError('forbidden', 'the token was not issued by a tenant of this organization');
    }
    if (!(await callerMay(deps, who.issuer.appKey, who.caller, request.method, request.path))) {
      throw new DomainError('forbidden', 'the caller has no permission for this endpoint');
    }
  }
  const found = await deps.repos.tenants.find(tenantId);
  if (!found || found.organizationId !== organizationId) throw new DomainError('tenant.not_found', `tenant ${tenantId} not found in organization ${organizationId}`);
  const { secretHash: _hidden, ...tenant } = found;
  return tenant;
}
