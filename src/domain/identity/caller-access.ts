import { decisionSnapshot } from '../decisions/checks';
import { decideHttp, heldPermissions } from '../decisions/http-check';
import type { Deps } from '../ports';
import type { Caller } from './principal';

/**
 * Whether `caller` may call `method path` of the tenant's management APIs: the same decision as
 * Check HTTP Authorization with the caller as subject and, as the request's scopes, the permissions
 * its roles give it (narrowed by its token's scopes) — or, for a client without a principal, its
 * token's scopes. The tenant's secret key may do everything.
 */
export async function callerMay(deps: Deps, tenantId: string, caller: Caller, method: string, path: string): Promise<boolean> {
  if (caller.kind === 'tenant') return true;
  const snapshot = await decisionSnapshot(deps, tenantId);
  if (caller.kind === 'client') return decideHttp(snapshot, null, { method, path, scopes: caller.tokenScopes });
  const user = await deps.decisions.userRelations(tenantId, snapshot.revision, caller.userId);
  if (!user) return false;
  const narrow = caller.tokenScopes ? new Set(caller.tokenScopes) : null;
  const scopes = heldPermissions(snapshot, user, [])
    .map((p) => p.name)
    .filter((n) => !narrow || narrow.has(n));
  return decideHttp(snapshot, user, { method, path, scopes, subject: caller.userId, within: narrow });
}
