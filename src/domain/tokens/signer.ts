import { importJWK, type CryptoKey as JoseKey, type JWK } from 'jose';
import { unseal } from '../../lib/crypto';
import { DomainError } from '../errors';
import type { SigningAlg } from '../keys/signing-key';
import type { Deps } from '../ports';

interface Signer {
  kid: string;
  alg: SigningAlg;
  key: JoseKey | Uint8Array;
}

/** Unsealed signing keys, once per isolate and kid (importing a key per request would be wasteful). */
const signers = new Map<string, Signer>();

/** The tenant's active signing key, created through the coordinator on first use. */
export async function activeSigner(deps: Deps, tenantId: string): Promise<Signer> {
  const kek = deps.secrets.keyEncryptionKey;
  if (!kek) throw new DomainError('unavailable', 'the token service is not configured (KEY_ENCRYPTION_KEY is missing)');
  let active = (await deps.repos.keys.all(tenantId)).find((k) => k.status === 'active');
  if (!active) {
    await deps.coordinator.ensureSigningKey(tenantId);
    active = (await deps.repos.keys.all(tenantId)).find((k) => k.status === 'active');
  }
  if (!active) throw new DomainError('unavailable', 'no signing key');
  const memoKey = `${tenantId}\u0000${active.kid}`;
  let signer = signers.get(memoKey);
  if (!signer) {
    const jwk = JSON.parse(await unseal(active.privateJwkSealed, kek)) as JWK;
    signer = { kid: active.kid, alg: active.alg, key: await importJWK(jwk, active.alg) };
    signers.set(memoKey, signer);
  }
  return signer;
}
