import type { JWK } from 'jose';

export type SigningAlg = 'ES256' | 'RS256';

export interface SigningKeyRecord {
  kid: string;
  alg: SigningAlg;
  publicJwk: JWK;
  /** AES-GCM sealed private JWK; never leaves storage unsealed except in isolate memory. */
  privateJwkSealed: string;
  status: 'active' | 'retired';
  createdAt: string;
}

export interface KeyRepository {
  /** Every key of the tenant, newest first. */
  all(tenantId: string): Promise<SigningKeyRecord[]>;
}

export interface KeyCoordinator {
  /** Creates the tenant's first signing key if it has none, one caller at a time; returns the active kid. */
  ensureSigningKey(tenantId: string): Promise<string>;
}

/** The public JWK set (RFC 7517) published for a tenant: public parameters only (D-4). */
export function jwksOf(keys: SigningKeyRecord[]): { keys: JWK[] } {
  return {
    keys: keys.map((k) => {
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = k.publicJwk;
      return { ...pub, kid: k.kid, alg: k.alg, use: 'sig' };
    }),
  };
}
