import type { JwksCache } from '../domain/keys/jwks';

/** KV layout: `jwks:v1:{appKey}` -> the public JWK set as JSON, expiring after the JWKS max-age. */
export function createJwksCache(kv: KVNamespace): JwksCache {
  const key = (tenantId: string) => `jwks:v1:${tenantId}`;
  return {
    async get(tenantId) {
      const text = await kv.get(key(tenantId));
      return text ? (JSON.parse(text) as { keys: import('jose').JWK[] }) : null;
    },
    async put(tenantId, jwks, ttlSeconds) {
      await kv.put(key(tenantId), JSON.stringify(jwks), { expirationTtl: Math.max(60, ttlSeconds) });
    },
  };
}
