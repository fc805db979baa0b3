import type { Deps, WriteOp } from '../ports';
import { revokeUserGrantsOps } from '../tokens/token-service';
import { removalHistory, userRemovedHistory } from './history';

/**
 * What removing a principal (a user or an edge) takes with it in every face: its Role API user
 * row and relations (recorded as REMOVE … USER_REMOVE, as the Role API does), its group
 * memberships, its grants (refresh tokens and the access tokens issued with them, R-7) and its
 * Apps API profile image. Callers add what is theirs (account, edge, client) to the batch.
 */
export async function principalRemovalOps(deps: Deps, tenantId: string, userId: string): Promise<WriteOp[]> {
  const relations = await deps.repos.users.relationsOf(tenantId, [userId]);
  return [
    ...deps.repos.users.insertHistories(tenantId, [...relations.map((r) => removalHistory(deps, r)), userRemovedHistory(deps, userId)]),
    ...deps.repos.users.deleteUsers(tenantId, [userId]),
    deps.repos.groups.deleteMemberships(tenantId, userId),
    ...revokeUserGrantsOps(deps, tenantId, userId),
    deps.repos.apps.deleteImage(tenantId, 'user', userId),
  ];
}
