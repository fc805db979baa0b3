import { auditedCoordinatorChange } from '../audit/audit';
import { applyChange } from '../change';
import { DomainError, invalid } from '../errors';
import type { Deps } from '../ports';
import type { Tenant } from '../tenants/tenant';
import { getTenant } from '../tenants/tenants';
import { seesOrganizationUsers, type AppsCaller } from './access';
import type { Contract, ContractStatus, PublishedContracts } from './model';

/** Service partition names: 1–64 letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const SERVICE_PARTITION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Upper bound of one contract's stored JSON, so the published set stays small enough for KV and memory. */
const MAX_CONTRACT_BYTES = 16 * 1024;
/** At most this many partitions per tenant are published. */
export const MAX_CONTRACTS = 200;

export function checkPartition(partition: string): void {
  if (!SERVICE_PARTITION.test(partition)) throw invalid('service_partition must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
}

/**
 * Writes the contract of one service partition to D1 (the record). The Apps API keeps serving the
 * published copy until the next publication (`/contracts/update`).
 */
export async function putContract(
  deps: Deps,
  appKey: string,
  input: { servicePartition: string; status: ContractStatus; plan?: string | null; startsAt?: string | null; endsAt?: string | null; attributes?: Record<string, unknown> },
): Promise<Contract> {
  await getTenant(deps, appKey);
  checkPartition(input.servicePartition);
  const startsAt = input.startsAt ?? null;
  const endsAt = input.endsAt ?? null;
  for (const [name, at] of [['starts_at', startsAt], ['ends_at', endsAt]] as const) {
    if (at !== null && Number.isNaN(Date.parse(at))) throw invalid(`${name} must be an ISO 8601 date-time`);
  }
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) throw invalid('ends_at must be after starts_at');
  const contract: Contract = {
    servicePartition: input.servicePartition,
    status: input.status,
    plan: input.plan ?? null,
    startsAt: startsAt && new Date(startsAt).toISOString(),
    endsAt: endsAt && new Date(endsAt).toISOString(),
    attributes: input.attributes ?? {},
    updatedAt: deps.clock.now().toISOString(),
  };
  if (new TextEncoder().encode(JSON.stringify(contract)).length > MAX_CONTRACT_BYTES) throw invalid('a contract must be at most 16 KiB of JSON');
  const existing = await deps.repos.apps.contracts(appKey);
  if (existing.length >= MAX_CONTRACTS && !existing.some((c) => c.servicePartition === contract.servicePartition)) {
    throw invalid(`a tenant has at most ${MAX_CONTRACTS} service contracts`);
  }
  await applyChange(deps, appKey, [deps.repos.apps.putContract(appKey, contract)]);
  return contract;
}

/** The recorded (not necessarily published) contracts of the tenant. */
export async function recordedContracts(deps: Deps, appKey: string): Promise<Contract[]> {
  await getTenant(deps, appKey);
  return deps.repos.apps.contracts(appKey);
}

export async function deleteContract(deps: Deps, appKey: string, servicePartition: string): Promise<void> {
  await getTenant(deps, appKey);
  checkPartition(servicePartition);
  if ((await deps.repos.apps.contracts(appKey, [servicePartition])).length === 0) {
    throw new DomainError('contract.not_found', `no contract for service partition ${servicePartition}`);
  }
  await applyChange(deps, appKey, [deps.repos.apps.deleteContract(appKey, servicePartition)]);
}

/**
 * The next publication (pure; run by the tenant's coordinator): the recorded contracts of
 * `partitions` replace their published copies (a partition without a record drops out); without
 * `partitions`, the recorded set replaces everything. A copy left by a deleted tenant of the same
 * appKey is ignored.
 */
export function nextPublication(
  current: PublishedContracts | null,
  recorded: Contract[],
  partitions: string[] | undefined,
  meta: { version: number; tenantCreatedAt: string; publishedAt: string },
): PublishedContracts {
  const kept = current && current.tenantCreatedAt === meta.tenantCreatedAt && partitions ? { ...current.contracts } : {};
  for (const p of partitions ?? []) delete kept[p];
  for (const c of recorded) kept[c.servicePartition] = c;
  return { ...meta, contracts: kept };
}

/** Isolate copies of the published set; other isolates see a publication within this bound plus KV propagation. */
const memo = new Map<string, { published: PublishedContracts; at: number }>();
const MEMO_MS = 10_000;

/**
 * The tenant's published contracts: isolate memory, then KV, then the coordinator (which holds the
 * authoritative published copy and, on the tenant's very first read, publishes the record).
 */
export async function publishedContracts(deps: Deps, tenant: Tenant): Promise<PublishedContracts> {
  const now = deps.clock.now().getTime();
  const held = memo.get(tenant.appKey);
  if (held && now - held.at < MEMO_MS && held.published.tenantCreatedAt === tenant.createdAt) return held.published;
  let published = await deps.contractCache.get(tenant.appKey).catch(() => null);
  if (!published || published.tenantCreatedAt !== tenant.createdAt || (held && published.version < held.published.version)) {
    published = await deps.coordinator.publishedContracts(tenant.appKey);
  }
  memo.set(tenant.appKey, { published, at: now });
  return published;
}

async function publish(deps: Deps, tenant: Tenant, partitions?: string[]): Promise<PublishedContracts> {
  partitions?.forEach(checkPartition);
  const only = partitions?.length ? [...new Set(partitions)] : undefined;
  // A publication produces no revision: its audit entry carries the one current after it.
  const published = await auditedCoordinatorChange(deps, tenant.appKey, () => deps.coordinator.refreshContracts(tenant.appKey, only), () => null);
  memo.set(tenant.appKey, { published, at: deps.clock.now().getTime() });
  return published;
}

/**
 * `/contracts/update`: publishes the recorded contracts (of `partitions`, or all) through the
 * tenant's coordinator. Organization admins, product owners and client tokens (a back end) may;
 * a plain user may not.
 */
export async function refreshContracts(deps: Deps, tenant: Tenant, caller: AppsCaller, partitions?: string[]): Promise<PublishedContracts> {
  if (caller.accountId !== null && !seesOrganizationUsers(caller)) {
    throw new DomainError('forbidden', 'only organization admins, product owners and client tokens may refresh the contract cache');
  }
  return publish(deps, tenant, partitions);
}

/** The operator's `/contracts/update`. */
export async function publishContracts(deps: Deps, appKey: string, partitions?: string[]): Promise<PublishedContracts> {
  return publish(deps, await getTenant(deps, appKey), partitions);
}

/** The published contract of one partition. */
export async function getContract(deps: Deps, tenant: Tenant, servicePartition: string): Promise<{ contract: Contract; version: number; inForce: boolean }> {
  checkPartition(servicePartition);
  const published = await publishedContracts(deps, tenant);
  const contract = published.contracts[servicePartition];
  if (!contract) throw new DomainError('contract.not_found', `no contract for service partition ${servicePartition}`);
  return { contract, version: published.version, inForce: contractInForce(contract, deps.clock.now()) };
}

/** A contract is in force when its status is `active` and `at` lies in [starts_at, ends_at). */
export function contractInForce(contract: Contract, at: Date): boolean {
  const t = at.getTime();
  return (
    contract.status === 'active' && (contract.startsAt === null || Date.parse(contract.startsAt) <= t) && (contract.endsAt === null || t < Date.parse(contract.endsAt))
  );
}
