import type { JWK } from 'jose';
import type { Deps } from '../ports';
import { JWKS_MAX_AGE_SECONDS, jwksOf } from './signing-key';

export interface JwksCache {
  get(tenantId: string): Promise<{ keys: JWK[] } | null>;
  /** Stored for at most `ttlSeconds`; an expired or missing copy is rebuilt from storage. */
  put(tenantId: string, jwks: { keys: JWK[] }, ttlSeconds: number): Promise<void>;
}

const memo = new Map<string, { jwks: { keys: JWK[] }; at: number }>();
/** Isolate copies stay shorter than the JWKS max-age, so a pending key is seen before it signs. */
const MEMO_MS = 60_000;

/**
 * The tenant's published JWKS: isolate memory, then KV, then the key table. Used both to serve
 * `/.well-known/jwks.json` and to verify tokens, so verification needs no D1 query while warm.
 */
export async function publishedJwks(deps: Deps, tenantId: string): Promise<{ keys: JWK[] }> {
  const held = memo.get(tenantId);
  const now = deps.clock.now().getTime();
  if (held && now - held.at < MEMO_MS) return held.jwks;
  let jwks = await deps.jwks.get(tenantId).catch(() => null);
  if (!jwks) {
    jwks = jwksOf(await deps.repos.keys.all(tenantId));
    if (jwks.keys.length) await deps.jwks.put(tenantId, jwks, JWKS_MAX_AGE_SECONDS).catch(() => undefined);
  }
  memo.set(tenantId, { jwks, at: now });
  return jwks;
}

/** After a key change in this isolate, forget the local copy (other isolates age out within MEMO_MS). */
export function forgetJwks(tenantId: string): void {
  memo.delete(tenantId);
}
