import type { WriteOp } from '../ports';

/** Access tokens revoked before they expire, by `jti`. */
export interface RevocationRepository {
  isRevoked(tenantId: string, jti: string): Promise<boolean>;
  revoke(tenantId: string, jti: string, expiresAt: number): WriteOp;
}
