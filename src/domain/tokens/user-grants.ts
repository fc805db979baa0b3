import { sha256Hex } from '../../lib/crypto';
import { authenticateClient } from '../clients/clients';
import type { OAuthClient } from '../clients/client';
import { DomainError } from '../errors';
import { signIn } from '../identity/sign-in';
import type { Deps } from '../ports';
import { issueUserTokens } from './issue';
import { scopeValues, userScopeOutside } from './scope';
import { revokeGrant, type ClientCredentials } from './token-service';

/** The reference's default tenant UUID: with it (or without `tenant_uuid`) the path's tenant is used. */
const DEFAULT_TENANT_UUID = '00000000-0000-0000-0000-000000000000';

function requireGrant(client: OAuthClient, grant: 'password' | 'refresh_token') {
  if (!client.grantTypes.includes(grant)) throw new DomainError('oauth.unauthorized_client', `this client is not registered for ${grant}`);
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
  // T-9: checked before the password, so a refused scope costs no sign-in attempt.
  const outside = userScopeOutside(client, form.get('scope'));
  if (outside !== undefined) throw new DomainError('oauth.invalid_scope', `scope ${outside} is not allowed for this client`);
  const account = await signIn(deps, tenantId, username, password);
  return (await issueUserTokens(deps, { tenantId, issuer, client, userId: account.userId, scope: scopeValues(form.get('scope')).join(' ') })).body;
}

/**
 * `grant_type=refresh_token`: rotation — each token works once. A token presented again revokes
 * its whole family; of concurrent presentations exactly one wins (R-3: a conditional update).
 * The successor ends when its family does: rotating never extends the grant.
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
  // Checked before the token is used up, so a refused request leaves it valid.
  const requested = form.get('scope');
  if (requested !== undefined && requested.split(' ').some((s) => s && !record.scope.split(' ').includes(s))) {
    throw new DomainError('oauth.invalid_scope', 'a refresh cannot widen the scope');
  }
  const claimedAt = now.toISOString();
  if (!(await deps.repos.refreshTokens.claim(tenantId, hash, claimedAt))) {
    await revokeGrant(deps, tenantId, record.familyId);
    throw invalid();
  }
  const account = await deps.repos.accounts.find(tenantId, record.userId);
  if (!account || account.disabled) throw invalid();
  // the new tokens carry the narrowed scope when one was asked for; the refresh token keeps the original.
  const scope = requested !== undefined ? requested.split(' ').filter(Boolean).join(' ') : record.scope;
  try {
    return (await issueUserTokens(deps, { tenantId, issuer, client, userId: record.userId, scope, refreshScope: record.scope, familyId: record.familyId, familyExpiresAt: record.expiresAt })).body;
  } catch (err) {
    // The successor was not stored (storage failed): the presented token was not used up, so the
    // client's retry must work instead of counting as reuse and ending the grant. Best effort:
    // if the release fails too, the token stays used and the client signs in again.
    await deps.repos.refreshTokens.release(tenantId, hash, claimedAt).catch(() => undefined);
    throw err;
  }
}
