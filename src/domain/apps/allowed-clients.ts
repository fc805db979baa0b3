import { applyChange } from '../change';
import { DomainError } from '../errors';
import type { Page, PageRequest } from '../paging';
import type { Deps } from '../ports';
import { getTenant } from '../tenants/tenants';
import type { AllowedClient } from './model';

/**
 * The allow-list of the Apps API: which OAuth clients of the tenant may call it. Changes bump the
 * tenant revision, so every isolate's copy of the list is replaced at once.
 *
 * It is the organization's allow-list as far as this tenant goes: a client id exists only inside
 * its tenant and a tenant's Apps API accepts only that tenant's tokens (J-6), so an organization's
 * allowed apps are the union of its tenants' lists. A client is allowed for the organization the
 * tenant belongs to when it is allowed: moving the tenant to another organization (or out of one)
 * empties the list (`onOrganizationChange` in `organization.ts`), and the new organization's administrator allows again.
 */

export async function listAllowedClients(deps: Deps, appKey: string, page: PageRequest<'clientId' | 'createdAt'>): Promise<Page<AllowedClient>> {
  await getTenant(deps, appKey);
  return deps.repos.apps.allowedClients(appKey, page);
}

/** Allows a client of the tenant (idempotent: `created` is false when it already was). */
export async function allowClient(deps: Deps, appKey: string, clientId: string): Promise<{ client: AllowedClient; created: boolean }> {
  await getTenant(deps, appKey);
  if (!(await deps.repos.clients.find(appKey, clientId))) throw new DomainError('client.not_found', `client ${clientId} not found`);
  const existing = await deps.repos.apps.findAllowedClient(appKey, clientId);
  if (existing) return { client: existing, created: false };
  const client = { clientId, createdAt: deps.clock.now().toISOString() };
  await applyChange(deps, appKey, [deps.repos.apps.insertAllowedClient(appKey, client)]);
  return { client: (await deps.repos.apps.findAllowedClient(appKey, clientId)) ?? client, created: true };
}

export async function disallowClient(deps: Deps, appKey: string, clientId: string): Promise<void> {
  await getTenant(deps, appKey);
  if (!(await deps.repos.apps.findAllowedClient(appKey, clientId))) {
    throw new DomainError('allowed_client.not_found', `client ${clientId} is not on the Apps API allow-list`);
  }
  await applyChange(deps, appKey, [deps.repos.apps.deleteAllowedClient(appKey, clientId)]);
}
