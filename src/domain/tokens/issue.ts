import { SignJWT } from 'jose';
import { sha256Hex } from '../../lib/crypto';
import type { OAuthClient } from '../clients/client';
import type { Deps, WriteOp } from '../ports';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from './access-token';
import { activeSigner } from './signer';

/**
 * Refresh-token lifetime (the reference's `refresh_token_expires_in`), counted from the family's
 * first token: rotation never extends it (R-6, ASVS 10.4.8).
 */
export const REFRESH_TOKEN_TTL_SECONDS = 2_592_000;

/**
 * Tokens for a signed-in user: an access token, a refresh token in `familyId` (a new family when
 * absent), and an OIDC ID token when the scope asks for `openid`.
 */
export async function issueUserTokens(
  deps: Deps,
  input: {
    tenantId: string;
    issuer: string;
    client: OAuthClient;
    userId: string;
    scope: string;
    /** The refresh token's own scope when the access token's was narrowed. */
    refreshScope?: string;
    familyId?: string;
    /** When the family ends: a rotated token inherits its family's deadline; a new family gets the full lifetime. */
    familyExpiresAt?: number;
    nonce?: string | null;
    authTime?: number;
    /** Writes that must land with the refresh token or not at all (e.g. the code that issued it, C-3). */
    alsoCommit?: (issued: { familyId: string; jti: string; exp: number }) => WriteOp[];
  },
) {
  const { tenantId, issuer, client, userId, scope } = input;
  const access = await issueAccessToken(deps, { tenantId, issuer, clientId: client.clientId, subject: userId, scope });
  const refresh = deps.random.token(32);
  const familyId = input.familyId ?? deps.random.token(16);
  const now = deps.clock.now();
  const iat = Math.floor(now.getTime() / 1000);
  const expiresAt = input.familyExpiresAt ?? iat + REFRESH_TOKEN_TTL_SECONDS;
  let idToken: string | undefined;
  if (scope.split(' ').includes('openid')) {
    const signer = await activeSigner(deps, tenantId);
    idToken = await new SignJWT({ ...(input.nonce ? { nonce: input.nonce } : {}), auth_time: input.authTime ?? iat })
      .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(userId)
      .setAudience(client.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
      .sign(signer.key);
  }
  // Storing the refresh token is the last step that can fail: a failed issuance stored nothing.
  await deps.uow.commit([
    deps.repos.refreshTokens.insert(tenantId, {
      tokenHash: await sha256Hex(refresh),
      familyId,
      clientId: client.clientId,
      userId,
      scope: input.refreshScope ?? scope,
      expiresAt,
      usedAt: null,
      revoked: false,
      accessJti: access.claims.jti,
      accessExp: access.claims.exp,
      createdAt: now.toISOString(),
    }),
    ...(input.alsoCommit?.({ familyId, jti: access.claims.jti, exp: access.claims.exp }) ?? []),
  ]);
  return {
    body: {
      token_type: 'bearer',
      access_token: access.token,
      expires_in: access.expiresIn,
      refresh_token: refresh,
      refresh_token_expires_in: expiresAt - iat,
      scope,
      ...(idToken ? { id_token: idToken } : {}),
    },
    issued: { familyId, jti: access.claims.jti, exp: access.claims.exp },
  };
}
