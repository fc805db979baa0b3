import { sha256Hex } from '../../lib/crypto';
import { applyChange } from '../change';
import { authenticateClient } from '../clients/clients';
import { DomainError } from '../errors';
import type { Deps, WriteOp } from '../ports';
import { audienceFor, issueAccessToken, verifyAccessToken, type AccessTokenClaims } from './access-token';

export type ClientCredentials = Parameters<typeof authenticateClient>[2];

/** RFC 6749 §4.4: a confidential client registered for `client_credentials` gets an access token, no refresh token. */
export async function clientCredentialsGrant(deps: Deps, tenantId: string, issuer: string, credentials: ClientCredentials, form: Map<string, string>) {
  const scope = form.get('scope');
  const client = await authenticateClient(deps, tenantId, credentials);
  if (!client.grantTypes.includes('client_credentials')) {
    throw new DomainError('oauth.unauthorized_client', 'this client is not registered for client_credentials');
  }
  const requested = (scope ?? '').split(' ').filter(Boolean);
  const outside = requested.find((s) => !client.scopes.includes(s));
  if (outside !== undefined) throw new DomainError('oauth.invalid_scope', `scope ${outside} is not allowed for this client`);
  const { token, expiresIn } = await issueAccessToken(deps, {
    tenantId,
    issuer,
    clientId: client.clientId,
    subject: client.ownerUserId ?? client.clientId,
    scope: requested.join(' '),
    audience: audienceFor(client, issuer, form.get('resource')),
  });
  return { access_token: token, token_type: 'bearer', expires_in: expiresIn, scope: requested.join(' ') };
}

/**
 * RFC 7662: only confidential clients of the tenant may introspect (I-1). Anything not an active
 * access token of this tenant, or an active refresh token of the calling client (I-5), is exactly
 * `{active: false}` (I-3). As at revocation, both kinds are searched whatever `token_type_hint` says.
 */
export async function introspect(deps: Deps, tenantId: string, issuer: string, credentials: ClientCredentials | 'tenant', token: string) {
  let callerId: string | null = null;
  if (credentials !== 'tenant') {
    const caller = await authenticateClient(deps, tenantId, credentials);
    if (caller.tokenEndpointAuthMethod === 'none') throw new DomainError('oauth.invalid_client', 'public clients cannot introspect');
    callerId = caller.clientId;
  }
  const refresh = await deps.repos.refreshTokens.find(tenantId, await sha256Hex(token));
  if (refresh) {
    // A refresh token is the business of the client holding it: any other caller learns nothing (I-5).
    const live = !refresh.revoked && refresh.usedAt === null && refresh.expiresAt > Math.floor(deps.clock.now().getTime() / 1000);
    if (!live || refresh.clientId !== callerId) return { active: false as const };
    return {
      active: true as const,
      scope: refresh.scope,
      client_id: refresh.clientId,
      sub: refresh.userId,
      exp: refresh.expiresAt,
      iat: Math.floor(Date.parse(refresh.createdAt) / 1000),
      iss: issuer,
    };
  }
  try {
    const claims = await verifyAccessToken(deps, tenantId, token, issuer, 'registered', 'fresh');
    return activeIntrospection(claims);
  } catch {
    return { active: false as const };
  }
}

function activeIntrospection(c: AccessTokenClaims) {
  return {
    active: true as const,
    scope: c.scope ?? '',
    client_id: c.client_id,
    sub: c.sub,
    exp: c.exp,
    iat: c.iat,
    iss: c.iss,
    aud: c.aud,
    jti: c.jti,
    token_type: 'Bearer',
  };
}

/**
 * RFC 7009: revokes an access token of the calling client. Unknown, garbage or already revoked
 * tokens answer success (V-3); another client's token stays active (V-4).
 */
export async function revoke(deps: Deps, tenantId: string, issuer: string, credentials: ClientCredentials, token: string): Promise<void> {
  const caller = await authenticateClient(deps, tenantId, credentials);
  // Whatever the hint says, both kinds are searched (V-5): a refresh token first, by its digest.
  const found = await deps.repos.refreshTokens.find(tenantId, await sha256Hex(token));
  // An expired refresh token is no token at all (as once the purge has removed it): 200, nothing revoked.
  const refresh = found && found.expiresAt > Math.floor(deps.clock.now().getTime() / 1000) ? found : null;
  if (refresh) {
    if (refresh.clientId !== caller.clientId) {
      if (caller.tokenEndpointAuthMethod === 'none') return;
      throw new DomainError('oauth.invalid_request', 'the token was not issued to this client');
    }
    await revokeGrant(deps, tenantId, refresh.familyId);
    return;
  }
  let claims: AccessTokenClaims;
  try {
    claims = await verifyAccessToken(deps, tenantId, token, issuer);
  } catch {
    return;
  }
  if (claims.client_id !== caller.clientId) {
    if (caller.tokenEndpointAuthMethod === 'none') return;
    throw new DomainError('oauth.invalid_request', 'the token was not issued to this client');
  }
  // The bump retires every isolate's memo of this token's state (see verifyAccessToken).
  await applyChange(deps, tenantId, [deps.repos.revocations.revoke(tenantId, claims.jti, claims.exp)]);
}

/** Revokes a whole grant: every refresh token of the family and the access tokens issued with them (V-1, R-2, C-1). */
export async function revokeGrant(deps: Deps, tenantId: string, familyId: string): Promise<void> {
  const members = await deps.repos.refreshTokens.family(tenantId, familyId);
  await applyChange(deps, tenantId, [
    deps.repos.refreshTokens.revokeFamily(tenantId, familyId),
    ...members.filter((m) => m.accessJti && m.accessExp).map((m) => deps.repos.revocations.revoke(tenantId, m.accessJti!, m.accessExp!)),
  ]);
}

/**
 * What ends every grant of a user (R-7: password change or reset, disabling, deletion): all their
 * refresh tokens, and the access tokens issued with them that are still live. Part of the caller's
 * batch, whose revision bump retires every isolate's memo of those tokens.
 */
export function revokeUserGrantsOps(deps: Deps, tenantId: string, userId: string): WriteOp[] {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  return [deps.repos.refreshTokens.revokeAccessOfUser(tenantId, userId, now), deps.repos.refreshTokens.revokeForUser(tenantId, userId)];
}
