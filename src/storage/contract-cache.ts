import type { ContractCache, PublishedContracts } from '../domain/apps/model';

/**
 * KV layout: `contracts:v1:{appKey}` -> the tenant's published contracts as JSON
 * (`PublishedContracts`: `{version, tenantCreatedAt, publishedAt, contracts}`), no expiry. Only the
 * tenant's coordinator writes it, one publication at a time, so a newer copy is never overwritten
 * by an older one. A value of another shape reads as a miss.
 */
export function createContractCache(kv: KVNamespace): ContractCache {
  const key = (tenantId: string) => `contracts:v1:${tenantId}`;
  return {
    async get(tenantId) {
      const value = await kv.get<Partial<PublishedContracts> | null>(key(tenantId), 'json');
      return isPublished(value) ? value : null;
    },
    async put(tenantId, published) {
      await kv.put(key(tenantId), JSON.stringify(published));
    },
  };
}

/** The shape the coordinator writes; anything else (another version's, a hand edit) is a miss. */
function isPublished(value: unknown): value is PublishedContracts {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const contracts = v.contracts;
  return (
    Number.isSafeInteger(v.version) &&
    typeof v.tenantCreatedAt === 'string' &&
    typeof v.publishedAt === 'string' &&
    typeof contracts === 'object' &&
    contracts !== null &&
    !Array.isArray(contracts) &&
    Object.values(contracts).every((c) => typeof c === 'object' && c !== null && typeof (c as { servicePartition?: unknown }).servicePartition === 'string')
  );
}
