import { sha256Hex } from '../../lib/crypto';
import { authenticateClient } from '../clients/clients';
import type { OAuthClient } from '../clients/client';
import { DomainError } from '../errors';
import { signIn } from '../identity/sign-in';
import type { Deps } from '../ports';
import { issueAccessToken } from './access-token';
import type { ClientCredentials } from './token-service';

/** Refresh-token lifetime (the reference's `refresh_token_expires_in`). */
export const REFRESH_TOKEN_TTL_SECONDS = 2_592_000;
/** The reference's default tenant UUID: with it (or without `tenant_uuid`) the path's tenant is used. */
const DEFAULT_TENANT_UUID = '00000000-0000-0000-0000-000000000000';

function requireGrant(client: OAuthClient, grant: 'password' | 'refresh_token') {
  if (!client.grantTypes.includes(grant)) throw new DomainError('oauth.unauthorized_client', `this client is not registered for ${grant}`);
}

async function tokensFor(deps: Deps, tenantId: string, issuer: string, client: OAuthClient, userId: string, scope: string, familyId?: string) {
  const { token, expiresIn } = await issueAccessToken(deps, { tenantId, issuer, clientId: client.clientId, subject: userId, scope });
  const refresh = deps.random.token(32);
  const now = deps.clock.now();
  await deps.uow.commit([
    deps.repos.refreshTokens.insert(tenantId, {
      tokenHash: await sha256Hex(refresh),
      familyId: familyId ?? deps.random.token(16),
      clientId: client.clientId,
      userId,
      scope,
      expiresAt: Math.floor(now.getTime() / 1000) + REFRESH_TOKEN_TTL_SECONDS,
      usedAt: null,
      revoked: false,
      createdAt: now.toISOString(),
    }),
  ]);
  return { token_type: 'bearer', access_token: token, expires_in: expiresIn, refresh_token: refresh, refresh_token_expires_in: REFRESH_TOKEN_TTL_SECONDS, scope };
}

/**
 * `grant_type=password` (intdash compatibility; RFC 9700 discourages it): only for clients created
 * with that grant; a public client may use it with `client_id` alone, as the reference's sample does.
 */
export async function passwordGrant(deps: Deps, tenantId: string, issuer: string, credentials: ClientCredentials, form: Map<string, string>) {
  const client = await authenticateClient(deps, tenantId, credentials);
  requireGrant(client, 'password');
  const tenantUuid = form.get('tenant_uuid');
  if (tenantUuid !== undefined && tenantUuid !== DEFAULT_TENANT_UUID && tenantUuid !== tenantId) {
    throw new DomainError('oauth.invalid_grant', 'tenant_uuid does not name this tenant');
  }
  const username = form.get('username');
  const password = form.get('password');
  if (!username || !password) throw new DomainError('oauth.invalid_request', 'username and password are required');
  const account = await signIn(deps, tenantId, username, password);
  return tokensFor(deps, tenantId, issuer, client, account.userId, '');
}

/**
 * `grant_type=refresh_token`: rotation — each token works once. A token presented again revokes
 * its whole family; of concurrent presentations exactly one wins (R-3: a conditional update).
 */
export async function refreshTokenGrant(deps: Deps, tenantId: string, issuer: string, credentials: ClientCredentials, form: Map<string, string>) {
  const client = await authenticateClient(deps, tenantId, credentials);
  requireGrant(client, 'refresh_token');
  const presented = form.get('refresh_token');
  if (!presented) throw new DomainError('oauth.invalid_request', 'refresh_token is required');
  const invalid = () => new DomainError('oauth.invalid_grant', 'the refresh token is invalid, expired or revoked');
  const hash = await sha256Hex(presented);
  const record = await deps.repos.refreshTokens.find(tenantId, hash);
  const now = deps.clock.now();
  if (!record || record.clientId !== client.clientId) throw invalid();
  if (record.revoked || record.expiresAt <= Math.floor(now.getTime() / 1000)) throw invalid();
  if (!(await deps.repos.refreshTokens.claim(tenantId, hash, now.toISOString()))) {
    await deps.uow.commit([deps.repos.refreshTokens.revokeFamily(tenantId, record.familyId)]);
    throw invalid();
  }
  const account = await deps.repos.accounts.find(tenantId, record.userId);
  if (!account || account.disabled) throw invalid();
  const requested = form.get('scope');
  if (requested !== undefined && requested.split(' ').some((s) => s && !record.scope.split(' ').includes(s))) {
    throw new DomainError('oauth.invalid_scope', 'a refresh cannot widen the scope');
  }
  return tokensFor(deps, tenantId, issuer, client, record.userId, record.scope, record.familyId);
}
