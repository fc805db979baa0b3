import type { Deps } from '../ports';
import type { Tenant } from '../tenants/tenant';
import { verifyAccessToken } from '../tokens/access-token';
import { revisionMemo } from '../revision-memo';
import { apiTokenPrincipal, recordApiTokenUse } from './api-tokens';

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
    const viaApiToken = await apiTokenPrincipal(deps, appKey, token, known.revision);
    if (!viaApiToken) return null;
    await recordApiTokenUse(deps, appKey, viaApiToken.apiToken.id);
    return { tenant, caller: { kind: 'user', userId: viaApiToken.userId, tokenScopes: null } };
  }
  const scopes = (claims.scope ?? '').split(' ').filter(Boolean);
  const kind = await subjectKind(deps, appKey, known.revision, `${claims.sub}\u0000${claims.client_id}`);
  if (kind === 'client') return { tenant, caller: { kind: 'client', clientId: claims.client_id, tokenScopes: scopes } };
  if (kind === 'user') return { tenant, caller: { kind: 'user', userId: claims.sub, tokenScopes: scopes.length > 0 ? scopes : null } };
  return null;
}

/**
 * What a token's `sub` (with its `client_id`) stands for, per tenant revision (principals, accounts
 * and clients only change through writes that bump it). `sub` = `client_id`: the client speaks for
 * itself — as the edge it is, or as a bare client; it is never taken for a user whose id happens
 * to equal a client id (J-7), and a deleted client's tokens die with it. Otherwise a user that is
 * not disabled, or a principal without an account.
 */
const subjectKind = revisionMemo(async (deps, tenantId, key): Promise<'user' | 'client' | null> => {
  const [sub, clientId] = key.split('\u0000') as [string, string];
  if (sub === clientId) {
    if (await deps.repos.edges.find(tenantId, sub)) return 'user';
    return (await deps.repos.clients.find(tenantId, clientId)) ? 'client' : null;
  }
  const account = await deps.repos.accounts.find(tenantId, sub);
  if (account) return account.disabled ? null : 'user';
  return (await deps.repos.users.findMany(tenantId, [sub])).has(sub) ? 'user' : null;
});
