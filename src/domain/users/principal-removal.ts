import type { Deps, WriteOp } from '../ports';
import { revokeUserGrantsOps } from '../tokens/token-service';
import { removalHistory, userRemovedHistory } from './history';

/**
 * What removing a principal (a user or an edge) takes with it, whichever face removes it: its Role
 * API user row and relations (recorded as REMOVE … USER_REMOVE, as the Role API does), its group
 * memberships, its grants (refresh tokens and the access tokens issued with them, R-7), its Apps
 * API profile image, and the parts only some principals have: an Identity API account (with its
 * e-mail addresses; edges it owned lose their owner) and an edge (with its OAuth client). One
 * batch: the principal is gone from every face at once, or not at all.
 */
export async function principalRemovalOps(deps: Deps, tenantId: string, userIds: readonly string[]): Promise<WriteOp[]> {
  if (userIds.length === 0) return [];
  const ids = [...userIds];
  const everything = { page: 1, itemsPerPage: ids.length, sort: [] };
  const [relations, accounts, edges] = await Promise.all([
    deps.repos.users.relationsOf(tenantId, ids),
    deps.repos.accounts.list(tenantId, { userIds: ids }, everything),
    deps.repos.edges.list(tenantId, { edgeIds: ids }, everything),
  ]);
  const now = deps.clock.now().toISOString();
  const histories = ids.flatMap((id) => [...relations.filter((r) => r.userId === id).map((r) => removalHistory(deps, r)), userRemovedHistory(deps, id)]);
  const withAccount = accounts.items.map((a) => a.userId);
  const asEdge = edges.items.map((e) => e.edgeId);
  // Only principals with an account or an edge have memberships, grants or images to lose.
  const identities = [...new Set([...withAccount, ...asEdge])];
  return [
    ...deps.repos.users.insertHistories(tenantId, histories),
    ...deps.repos.users.deleteUsers(tenantId, ids),
    ...identities.flatMap((id) => [deps.repos.groups.deleteMemberships(tenantId, id), ...revokeUserGrantsOps(deps, tenantId, id), deps.repos.apps.deleteImage(tenantId, 'user', id)]),
    ...withAccount.flatMap((id) => [deps.repos.accounts.deleteEmails(tenantId, id), deps.repos.accounts.delete(tenantId, id), deps.repos.edges.releaseOwner(tenantId, id, now)]),
    ...asEdge.flatMap((id) => [deps.repos.edges.delete(tenantId, id), ...deps.repos.clients.delete(tenantId, id)]),
  ];
}
