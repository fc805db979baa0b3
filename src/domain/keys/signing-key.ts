import type { JWK } from 'jose';

export type SigningAlg = 'ES256' | 'RS256';

export interface SigningKeyRecord {
  kid: string;
  alg: SigningAlg;
  publicJwk: JWK;
  /** AES-GCM sealed private JWK; never leaves storage unsealed except in isolate memory. */
  privateJwkSealed: string;
  /** pending: published, not yet signing (D-5); active: signs; retired: verifies tokens it signed. */
  status: 'pending' | 'active' | 'retired';
  createdAt: string;
}

export interface KeyRepository {
  /** Every key of the tenant, newest first. */
  all(tenantId: string): Promise<SigningKeyRecord[]>;
}

/** Verifiers may cache the JWKS this long; a new key is published at least this long before it signs. */
export const JWKS_MAX_AGE_SECONDS = 300;
/** Extra wait before a published key signs: isolate JWKS copies (60 s) and KV propagation (about 60 s). */
export const KEY_ACTIVATION_MARGIN_SECONDS = 120;
/** Scheduled rotation interval. */
export const KEY_ROTATION_INTERVAL_SECONDS = 30 * 24 * 3600;

/** The public JWK set (RFC 7517) published for a tenant: public parameters only (D-4). */
export function jwksOf(keys: SigningKeyRecord[]): { keys: JWK[] } {
  return {
    keys: keys.map((k) => {
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = k.publicJwk;
      return { ...pub, kid: k.kid, alg: k.alg, use: 'sig' };
    }),
  };
}
