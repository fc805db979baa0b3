import { exportJWK, generateKeyPair } from 'jose';
import { seal } from '../../lib/crypto';
import type { SigningAlg, SigningKeyRecord } from './signing-key';

/**
 * A new signing key pair; the private half is sealed with the key-encryption key before it is
 * returned. `kid`s are random, so they are unique across tenants (D-4).
 */
export async function generateSigningKey(alg: SigningAlg, kek: string, kid: string, now: string): Promise<SigningKeyRecord> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const [publicJwk, privateJwk] = await Promise.all([exportJWK(publicKey), exportJWK(privateKey)]);
  return { kid, alg, publicJwk, privateJwkSealed: await seal(JSON.stringify(privateJwk), kek), status: 'active', createdAt: now };
}
