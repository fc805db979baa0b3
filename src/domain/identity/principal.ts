import type { Deps } from '../ports';
import type { Tenant } from '../tenants/tenant';
import { verifyAccessToken } from '../tokens/access-token';
import { apiTokenPrincipal } from './api-tokens';

/**
 * Who calls a management API. `tokenScopes` are the scope values the token carries: for a user
 * they narrow the permissions its roles give (null or empty: no narrowing); for a client without a
 * principal they are its permissions.
 */
export type Caller =
  | { kind: 'tenant' }
  | { kind: 'user'; userId: string; tokenScopes: string[] | null }
  | { kind: 'client'; clientId: string; tokenScopes: string[] };

/**
 * The caller behind a Bearer token: an access token of this tenant whose `sub` is a user (not
 * disabled) or an edge, or — `sub` = `client_id` with no such principal — the client itself; or an
 * API token of this tenant. Null for anything else (J-6: another tenant's token is worthless here).
 */
export async function bearerPrincipal(deps: Deps, appKey: string, token: string, issuer: string): Promise<{ tenant: Tenant; caller: Caller } | null> {
  const known = await deps.decisions.tenant(appKey);
  if (!known) return null;
  const { secretHash: _hidden, ...tenant } = known.record;
  let claims;
  try {
    claims = await verifyAccessToken(deps, appKey, token, issuer);
  } catch {
    const viaApiToken = await apiTokenPrincipal(deps, appKey, token);
    return viaApiToken ? { tenant, caller: { kind: 'user', userId: viaApiToken.userId, tokenScopes: null } } : null;
  }
  const scopes = (claims.scope ?? '').split(' ').filter(Boolean);
  const account = await deps.repos.accounts.find(appKey, claims.sub);
  if (account) return account.disabled ? null : { tenant, caller: { kind: 'user', userId: account.userId, tokenScopes: scopes.length > 0 ? scopes : null } };
  const principal = (await deps.repos.users.findMany(appKey, [claims.sub])).get(claims.sub);
  if (principal) return { tenant, caller: { kind: 'user', userId: principal.userId, tokenScopes: scopes.length > 0 ? scopes : null } };
  if (claims.sub === claims.client_id) return { tenant, caller: { kind: 'client', clientId: claims.client_id, tokenScopes: scopes } };
  return null;
}
