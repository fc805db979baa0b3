import { organizationAuditEntry } from '../audit/audit';
import { DomainError, invalid } from '../errors';
import type { Page, PageRequest } from '../paging';
import type { Deps, WriteOp } from '../ports';
import { ORGANIZATION_ID_PATTERN, type Organization } from './tenant';

/** An organization's write with its audit row, in one batch (the row exists exactly when the change does). */
function commitAudited(deps: Deps, organizationId: string, ops: WriteOp[], onConflict?: 'organization.exists'): Promise<void> {
  const entry = organizationAuditEntry(deps, organizationId);
  return deps.uow.commit(entry ? [...ops, deps.repos.audit.insert(entry)] : ops, onConflict);
}

export async function createOrganization(deps: Deps, input: { name: string; id?: string }): Promise<Organization> {
  const id = input.id ?? deps.random.hex(10);
  if (!ORGANIZATION_ID_PATTERN.test(id)) {
    throw invalid('id must be 3-64 characters of letters, digits, "-" or "_", starting with a letter or digit');
  }
  if (await deps.repos.organizations.find(id)) {
    throw new DomainError('organization.exists', `organization ${id} already exists`);
  }
  const now = deps.clock.now().toISOString();
  const org: Organization = { id, name: input.name, createdAt: now, updatedAt: now };
  await commitAudited(deps, id, [deps.repos.organizations.insert(org)], 'organization.exists');
  return org;
}

export async function getOrganization(deps: Deps, id: string): Promise<Organization> {
  const org = await deps.repos.organizations.find(id);
  if (!org) throw new DomainError('organization.not_found', `organization ${id} not found`);
  return org;
}

export function listOrganizations(deps: Deps, page: PageRequest<'id' | 'name' | 'createdAt'>): Promise<Page<Organization>> {
  return deps.repos.organizations.list(page);
}

export async function updateOrganization(deps: Deps, id: string, patch: { name: string }): Promise<Organization> {
  await getOrganization(deps, id);
  await commitAudited(deps, id, [deps.repos.organizations.update(id, { name: patch.name, updatedAt: deps.clock.now().toISOString() })]);
  return getOrganization(deps, id);
}

/** An organization that still owns tenants is not deleted. */
export async function deleteOrganization(deps: Deps, id: string): Promise<void> {
  await getOrganization(deps, id);
  const owned = await deps.repos.organizations.countTenants(id);
  if (owned > 0) throw new DomainError('organization.in_use', `organization ${id} still owns ${owned} tenant(s)`);
  await commitAudited(deps, id, [deps.repos.organizations.delete(id)]);
}
