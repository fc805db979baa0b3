import { DomainError, invalid } from '../errors';
import type { Deps } from '../ports';
import type { Tenant } from '../tenants/tenant';
import { userRoleView, type AppsCaller } from './access';
import { checkPartition, contractInForce, publishedContracts } from './contracts';

export type EnsureReasonCode =
  | 'account_required'
  | 'account_not_found'
  | 'account_disabled'
  | 'organization_mismatch'
  | 'role_missing'
  | 'contract_not_found'
  | 'contract_inactive';

export interface EnsureReason {
  code: EnsureReasonCode;
  message: string;
  /** The missing role (`role_missing`). */
  role?: string;
}

export interface EnsureInput {
  accountId?: string;
  organizationId?: string;
  requiredRoles?: string[];
  servicePartition?: string;
}

export interface EnsureResult {
  allowed: boolean;
  reasons: EnsureReason[];
  clientId: string;
  accountId: string | null;
  organizationId: string | null;
  servicePartition: string | null;
}

/**
 * `/ensure`: may this request proceed? The client is allowed (or the call would not get here);
 * the account (the token's user, or `accountId`) exists and is enabled; the organization is the
 * tenant's; the account holds every required role (of `servicePartition` when given, through role
 * relations); the partition's published contract is in force. Every failed condition is a reason.
 * A plain user may ask only about itself; organization admins and client tokens about anyone.
 */
export async function ensure(deps: Deps, tenant: Tenant, caller: AppsCaller, input: EnsureInput): Promise<EnsureResult> {
  if (input.servicePartition !== undefined) checkPartition(input.servicePartition);
  if ((input.requiredRoles?.length ?? 0) > 100) throw invalid('required_roles may name at most 100 roles');
  const subject = input.accountId ?? caller.accountId;
  if (subject !== caller.accountId && caller.accountId !== null && !caller.view.isOrganizationAdmin) {
    throw new DomainError('forbidden', 'only an organization admin may ensure for another account');
  }
  const reasons: EnsureReason[] = [];
  let held: { roleName: string | null; roleGroup: string | null }[] = [];
  if (subject === null) {
    if (input.requiredRoles?.length) reasons.push({ code: 'account_required', message: 'required roles need an account: the token has no user and no account_id was given' });
  } else {
    const account = await deps.repos.accounts.find(tenant.appKey, subject);
    if (!account) reasons.push({ code: 'account_not_found', message: `account ${subject} not found` });
    else if (account.disabled) reasons.push({ code: 'account_disabled', message: `account ${subject} is disabled` });
    if (account) held = (subject === caller.accountId ? caller.view : await userRoleView(deps, tenant.appKey, subject)).roles;
  }
  if (input.organizationId !== undefined && input.organizationId !== tenant.organizationId) {
    reasons.push({ code: 'organization_mismatch', message: `the account does not belong to organization ${input.organizationId}` });
  }
  if (subject !== null) {
    for (const role of new Set(input.requiredRoles ?? [])) {
      const has = held.some((r) => r.roleName === role && (input.servicePartition === undefined || r.roleGroup === input.servicePartition));
      if (!has) reasons.push({ code: 'role_missing', role, message: `the account does not hold role ${role}${input.servicePartition ? ` of ${input.servicePartition}` : ''}` });
    }
  }
  if (input.servicePartition !== undefined) {
    const contract = (await publishedContracts(deps, tenant)).contracts[input.servicePartition];
    if (!contract) reasons.push({ code: 'contract_not_found', message: `the organization has no contract for ${input.servicePartition}` });
    else if (!contractInForce(contract, deps.clock.now())) reasons.push({ code: 'contract_inactive', message: `the contract for ${input.servicePartition} is not in force` });
  }
  return {
    allowed: reasons.length === 0,
    reasons,
    clientId: caller.clientId,
    accountId: subject,
    organizationId: tenant.organizationId,
    servicePartition: input.servicePartition ?? null,
  };
}
