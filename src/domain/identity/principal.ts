import type { Deps } from '../ports';
import type { Tenant } from '../tenants/tenant';
import { verifyAccessToken } from '../tokens/access-token';
import { apiTokenPrincipal } from './api-tokens';

/**
 * The user behind a Bearer token on the Identity API: an access token of this tenant (its `sub`
 * must be a user) or an API token of this tenant. Null for anything else (J-6: another tenant's
 * token is worthless here).
 */
export async function bearerPrincipal(deps: Deps, appKey: string, token: string, issuer: string): Promise<{ tenant: Tenant; userId: string } | null> {
  const known = await deps.decisions.tenant(appKey);
  if (!known) return null;
  const { secretHash: _hidden, ...tenant } = known.record;
  try {
    const claims = await verifyAccessToken(deps, appKey, token, issuer);
    const account = await deps.repos.accounts.find(appKey, claims.sub);
    return account && !account.disabled ? { tenant, userId: account.userId } : null;
  } catch {
    const viaApiToken = await apiTokenPrincipal(deps, appKey, token);
    return viaApiToken ? { tenant, userId: viaApiToken.userId } : null;
  }
}
