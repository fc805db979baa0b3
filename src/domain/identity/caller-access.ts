import { decisionSnapshot } from '../decisions/checks';
import { decideHttp, heldPermissions } from '../decisions/http-check';
import { DomainError } from '../errors';
import type { Deps } from '../ports';
import type { Caller } from './principal';

/**
 * Check Me HTTP Authorization: whether `caller` may call `method path` — the same decision as
 * Check HTTP Authorization with the caller as subject and, as the request's scopes, the permissions
 * its roles give it in scope ALL (narrowed by its token's scopes) — or, for a client without a
 * principal, its token's scopes. The tenant's secret key is nobody's "me" (forbidden).
 */
export async function callerDecision(
  deps: Deps,
  tenantId: string,
  caller: Caller,
  method: string,
  path: string,
  minRevision?: number,
): Promise<{ revision: number; result: boolean }> {
  if (caller.kind === 'tenant') throw new DomainError('forbidden', 'the tenant secret key is not a user or edge: use POST /authorization/http with a subject');
  const read = await decisionSnapshot(deps, tenantId, minRevision);
  if (caller.kind === 'client') return { revision: read.revision, result: decideHttp(read, null, { method, path, scopes: caller.tokenScopes }) };
  const { snapshot, user } = await deps.decisions.userView(tenantId, read, caller.userId);
  const revision = snapshot.revision;
  if (!user) return { revision, result: false };
  // Only scope values that name permissions narrow (`openid`, `profile` … say nothing about endpoints).
  const naming = caller.tokenScopes?.filter((s) => snapshot.permissionsByName.has(s)) ?? [];
  const narrow = naming.length > 0 ? new Set(naming) : null;
  const scopes = heldPermissions(snapshot, user, [])
    .map((p) => p.name)
    .filter((n) => !narrow || narrow.has(n));
  return { revision, result: decideHttp(snapshot, user, { method, path, scopes, subject: caller.userId, within: narrow }) };
}

/**
 * Whether `caller` may call `method path` of the tenant's management APIs (`callerDecision`); the
 * tenant's secret key may do everything.
 */
export async function callerMay(deps: Deps, tenantId: string, caller: Caller, method: string, path: string): Promise<boolean> {
  if (caller.kind === 'tenant') return true;
  return (await callerDecision(deps, tenantId, caller, method, path)).result;
}
