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
      const value = await kv.get<PublishedContracts>(key(tenantId), 'json');
      return value && typeof value.version === 'number' && typeof value.contracts === 'object' ? value : null;
    },
    async put(tenantId, published) {
      await kv.put(key(tenantId), JSON.stringify(published));
    },
  };
}
