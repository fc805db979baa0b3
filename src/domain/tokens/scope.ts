import type { OAuthClient } from '../clients/client';

/** OIDC scope values every user-facing client may ask for, besides its registered scopes. */
const OIDC_SCOPES = ['openid', 'profile'];

/** The distinct values of a space-separated `scope` parameter, in order. */
export function scopeValues(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter(Boolean))];
}

/**
 * T-9: the first value of `scope` a user's token from `client` may not carry (its registered
 * scopes plus `openid` and `profile`), or undefined. Our policy is to refuse (`invalid_scope`),
 * never to narrow silently, at the authorization endpoint and the password grant alike.
 */
export function userScopeOutside(client: OAuthClient, scope: string | undefined): string | undefined {
  const allowed = new Set([...client.scopes, ...OIDC_SCOPES]);
  return scopeValues(scope).find((s) => !allowed.has(s));
}
