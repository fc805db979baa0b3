import { and, desc, eq, gt } from 'drizzle-orm';
import type { JWK } from 'jose';
import type { KeyRepository, SigningKeyRecord } from '../../domain/keys/signing-key';
import type { RevocationRepository } from '../../domain/tokens/revocations';
import { asOp, type Db } from '../db';
import { revokedTokens, signingKeys } from '../schema';

export function createKeyRepository(db: Db): KeyRepository & {
  insertOp(tenantId: string, k: SigningKeyRecord): ReturnType<typeof asOp>;
  setStatusOp(tenantId: string, kid: string, status: SigningKeyRecord['status']): ReturnType<typeof asOp>;
} {
  return {
    setStatusOp(tenantId, kid, status) {
      return asOp(db.update(signingKeys).set({ status }).where(and(eq(signingKeys.tenantId, tenantId), eq(signingKeys.kid, kid))));
    },
    async all(tenantId) {
      const rows = await db.select().from(signingKeys).where(eq(signingKeys.tenantId, tenantId)).orderBy(desc(signingKeys.createdAt));
      return rows.map((r) => ({
        kid: r.kid,
        alg: r.alg,
        publicJwk: JSON.parse(r.publicJwk) as JWK,
        privateJwkSealed: r.privateJwkSealed,
        status: r.status,
        createdAt: r.createdAt,
      }));
    },
    insertOp(tenantId, k) {
      return asOp(
        db.insert(signingKeys).values({
          tenantId,
          kid: k.kid,
          alg: k.alg,
          publicJwk: JSON.stringify(k.publicJwk),
          privateJwkSealed: k.privateJwkSealed,
          status: k.status,
          createdAt: k.createdAt,
        }),
      );
    },
  };
}

export function createRevocationRepository(db: Db): RevocationRepository {
  return {
    async isRevoked(tenantId, jti) {
      const now = Math.floor(Date.now() / 1000);
      const rows = await db
        .select({ jti: revokedTokens.jti })
        .from(revokedTokens)
        .where(and(eq(revokedTokens.tenantId, tenantId), eq(revokedTokens.jti, jti), gt(revokedTokens.expiresAt, now - 60)))
        .limit(1);
      return rows.length > 0;
    },
    revoke(tenantId, jti, expiresAt) {
      return asOp(db.insert(revokedTokens).values({ tenantId, jti, expiresAt }).onConflictDoNothing());
    },
  };
}
