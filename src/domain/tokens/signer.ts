import { importJWK, type CryptoKey as JoseKey, type JWK } from 'jose';
import { unseal } from '../../lib/crypto';
import { DomainError } from '../errors';
import { forgetJwks } from '../keys/jwks';
import type { SigningAlg } from '../keys/signing-key';
import type { Deps } from '../ports';

interface Signer {
  kid: string;
  alg: SigningAlg;
  key: JoseKey | Uint8Array;
}

/** Unsealed signing keys, once per isolate and kid (importing a key per request would be wasteful). */
const signers = new Map<string, Signer>();
/** Which key signs, per tenant; re-read at most every ACTIVE_MEMO_MS (a retired key still verifies). */
const active = new Map<string, { signer: Signer; at: number }>();
const ACTIVE_MEMO_MS = 60_000;

/** The tenant's active signing key, created through the coordinator on first use. */
export async function activeSigner(deps: Deps, tenantId: string): Promise<Signer> {
  const held = active.get(tenantId);
  if (held && deps.clock.now().getTime() - held.at < ACTIVE_MEMO_MS) return held.signer;
  const signer = await loadActiveSigner(deps, tenantId);
  active.set(tenantId, { signer, at: deps.clock.now().getTime() });
  return signer;
}

async function loadActiveSigner(deps: Deps, tenantId: string): Promise<Signer> {
  const kek = deps.secrets.keyEncryptionKey;
  if (!kek) throw new DomainError('unavailable', 'the token service is not configured (KEY_ENCRYPTION_KEY is missing)');
  let current = (await deps.repos.keys.all(tenantId)).find((k) => k.status === 'active');
  if (!current) {
    await deps.coordinator.ensureSigningKey(tenantId);
    forgetJwks(tenantId);
    current = (await deps.repos.keys.all(tenantId)).find((k) => k.status === 'active');
  }
  if (!current) throw new DomainError('unavailable', 'no signing key');
  const memoKey = `${tenantId}\u0000${current.kid}`;
  let signer = signers.get(memoKey);
  if (!signer) {
    const jwk = JSON.parse(await unseal(current.privateJwkSealed, kek)) as JWK;
    signer = { kid: current.kid, alg: current.alg, key: await importJWK(jwk, current.alg) };
    signers.set(memoKey, signer);
  }
  return signer;
}
