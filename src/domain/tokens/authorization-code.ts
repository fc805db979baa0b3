import { base64url, sha256Hex, timingSafeEqual } from '../../lib/crypto';
import { authenticateClient } from '../clients/clients';
import { isPublicClient, type OAuthClient } from '../clients/client';
import { matchesRegistered } from '../clients/redirect-uri';
import { DomainError } from '../errors';
import type { Deps } from '../ports';
import { issueUserTokens } from './issue';
import { userScopeOutside } from './scope';
import { revokeGrant, type ClientCredentials } from './token-service';

/** Authorization codes live one minute (RFC 6749 §4.1.2 recommends at most ten). */
export const CODE_TTL_SECONDS = 60;
const PKCE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** A validated authorization request (RFC 6749 §4.1.1, RFC 7636). */
export interface AuthorizationRequest {
  client: OAuthClient;
  redirectUri: string;
  state: string;
  scope: string;
  codeChallenge: string | null;
  nonce: string | null;
}

/**
 * Why an authorization request fails: `redirect` tells whether the error may go back to the
 * client (only once client and redirect URI are known to be genuine — ).
 */
export class AuthorizeError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly redirectTo: { uri: string; state?: string } | null,
  ) {
    super(description);
  }
}

export async function validateAuthorizationRequest(deps: Deps, tenantId: string, params: URLSearchParams): Promise<AuthorizationRequest> {
  const repeated = [...new Set([...params.keys()].filter((k) => params.getAll(k).length > 1))];
  const get = (k: string) => params.get(k) || undefined;
  const clientId = get('client_id');
  const client = clientId ? await deps.repos.clients.find(tenantId, clientId) : null;
  if (!client) throw new AuthorizeError('invalid_request', 'unknown client', null);
  const redirectUri = get('redirect_uri');
  // Byte-for-byte comparison with a registered URI: no normalization of any kind, but a
  // loopback http URI matches with any port.
  if (!redirectUri || !matchesRegistered(client.redirectUris, redirectUri) || params.getAll('redirect_uri').length > 1) {
    throw new AuthorizeError('invalid_request', 'redirect_uri is not registered for this client', null);
  }
  const state = get('state');
  const back = { uri: redirectUri, state };
  if (repeated.length) throw new AuthorizeError('invalid_request', `parameter ${repeated[0]} is repeated`, back);
  if (get('response_type') !== 'code') throw new AuthorizeError('unsupported_response_type', 'response_type must be code', back);
  if (!client.grantTypes.includes('authorization_code')) throw new AuthorizeError('unauthorized_client', 'this client may not use the authorization code flow', back);
  if (!state) throw new AuthorizeError('invalid_request', 'state is required', back);
  const challenge = get('code_challenge');
  const method = get('code_challenge_method');
  if (challenge !== undefined || method !== undefined) {
    if (method !== 'S256') throw new AuthorizeError('invalid_request', 'code_challenge_method must be S256', back);
    if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) throw new AuthorizeError('invalid_request', 'code_challenge is malformed', back);
  } else if (isPublicClient(client)) {
    throw new AuthorizeError('invalid_request', 'PKCE (code_challenge with S256) is required for public clients', back);
  }
  const scope = get('scope') ?? '';
  const outside = userScopeOutside(client, scope);
  if (outside !== undefined) throw new AuthorizeError('invalid_scope', `scope ${outside} is not allowed for this client`, back);
  return { client, redirectUri, state, scope, codeChallenge: challenge ?? null, nonce: get('nonce') ?? null };
}

/** Issues a code for a signed-in user; only its digest is stored. */
export async function issueAuthorizationCode(deps: Deps, tenantId: string, request: AuthorizationRequest, userId: string): Promise<string> {
  const code = deps.random.token(32);
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  await deps.uow.commit([
    deps.repos.authorizationCodes.insert(tenantId, {
      codeHash: await sha256Hex(code),
      clientId: request.client.clientId,
      userId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scope: request.scope,
      nonce: request.nonce,
      authTime: now,
      expiresAt: now + CODE_TTL_SECONDS,
      usedAt: null,
      issuedFamilyId: null,
      issuedJti: null,
      issuedExp: null,
    }),
  ]);
  return code;
}

async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/**
 * `grant_type=authorization_code` (C-1..C-5, P-3, P-4). Checks that do not depend on the code being
 * fresh come first, so a wrong client or redirect URI does not consume it; then one caller claims it.
 * A replay revokes what the first exchange issued.
 */
export async function authorizationCodeGrant(deps: Deps, tenantId: string, issuer: string, credentials: ClientCredentials, form: Map<string, string>) {
  const client = await authenticateClient(deps, tenantId, credentials);
  if (!client.grantTypes.includes('authorization_code')) throw new DomainError('oauth.unauthorized_client', 'this client may not use authorization_code');
  const code = form.get('code');
  if (!code) throw new DomainError('oauth.invalid_request', 'code is required');
  const verifier = form.get('code_verifier');
  // RFC 7636 §4.1: 43..128 unreserved characters; anything else is a malformed request (P-5), whatever the code.
  if (verifier !== undefined && !PKCE_VERIFIER.test(verifier)) throw new DomainError('oauth.invalid_request', 'code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]');
  const invalid = (why: string) => new DomainError('oauth.invalid_grant', why);
  const hash = await sha256Hex(code);
  const record = await deps.repos.authorizationCodes.find(tenantId, hash);
  if (!record || record.clientId !== client.clientId) throw invalid('the code is invalid');
  if (record.redirectUri !== form.get('redirect_uri')) throw invalid('redirect_uri does not match the authorization request');
  if (record.codeChallenge) {
    if (!verifier || !timingSafeEqual(await s256(verifier), record.codeChallenge)) throw invalid('code_verifier does not match');
  } else if (verifier !== undefined) {
    throw invalid('the code was issued without PKCE');
  }
  const now = deps.clock.now();
  if (record.expiresAt <= Math.floor(now.getTime() / 1000)) throw invalid('the code has expired');
  const claimedAt = now.toISOString();
  if (!(await deps.repos.authorizationCodes.claim(tenantId, hash, claimedAt))) {
    const latest = await deps.repos.authorizationCodes.find(tenantId, hash);
    if (latest?.issuedFamilyId && latest.issuedJti && latest.issuedExp) {
      await revokeGrant(deps, tenantId, latest.issuedFamilyId);
    }
    throw invalid('the code was already used');
  }
  const account = await deps.repos.accounts.find(tenantId, record.userId);
  if (!account || account.disabled) throw invalid('the user cannot sign in');
  try {
    // The tokens and the code's record of them land together, so a replay always finds what to revoke.
    const { body } = await issueUserTokens(deps, {
      tenantId,
      issuer,
      client,
      userId: record.userId,
      scope: record.scope,
      nonce: record.nonce,
      authTime: record.authTime,
      alsoCommit: (issued) => [deps.repos.authorizationCodes.recordIssued(tenantId, hash, issued)],
    });
    return body;
  } catch (err) {
    // Storage failed before tokens were stored: the code was not used up, so the client may retry it
    // (best effort; should the release fail too, the user authorizes again).
    await deps.repos.authorizationCodes.release(tenantId, hash, claimedAt).catch(() => undefined);
    throw err;
  }
}
