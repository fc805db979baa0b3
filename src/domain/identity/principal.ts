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
  const asUser = (userId: string) => ({ tenant, caller: { kind: 'user' as const, userId, tokenScopes: scopes.length > 0 ? scopes : null } });
  // `sub` = `client_id`: the client speaks for itself — as the edge it is, or as a bare client. It is
  // never taken for a user whose id happens to equal a client id (J-7); a deleted client's tokens die with it.
  if (claims.sub === claims.client_id) {
    if (await deps.repos.edges.find(appKey, claims.sub)) return asUser(claims.sub);
    if (!(await deps.repos.clients.find(appKey, claims.client_id))) return null;
    return { tenant, caller: { kind: 'client', clientId: claims.client_id, tokenScopes: scopes } };
  }
  const account = await deps.repos.accounts.find(appKey, claims.sub);
  if (account) return account.disabled ? null : asUser(account.userId);
  const principal = (await deps.repos.users.findMany(appKey, [claims.sub])).get(claims.sub);
  return principal ? asUser(principal.userId) : null;
}
