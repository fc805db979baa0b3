import { applyChange, type Changed } from '../change';
import { DomainError } from '../errors';
import type { Deps } from '../ports';
import { ALL_SCOPE } from '../tenants/tenant';
import { additionHistory, removalHistory } from './history';
import { checkUserRelationInputs, userRelationRecords } from './relation-inputs';
import type { UserRoleRelation } from './user';

/**
 * A principal's roles as the Identity API sees them: its Role API relations in scope ALL. Assigning
 * and unassigning write those relations, with ADD / REMOVE history entries, like the Role API does.
 */

async function relationsInAll(deps: Deps, tenantId: string, userId: string): Promise<UserRoleRelation[]> {
  if (!(await deps.repos.users.findMany(tenantId, [userId])).has(userId)) throw new DomainError('user.not_found', `user ${userId} not found`);
  return (await deps.repos.users.relationsOf(tenantId, [userId])).filter((r) => r.scopeId === ALL_SCOPE);
}

/** Ids of the roles the user holds (ALLOW) in scope ALL, in the order they were assigned. */
export async function assignedRoleIds(deps: Deps, tenantId: string, userId: string): Promise<string[]> {
  return (await relationsInAll(deps, tenantId, userId)).filter((r) => r.policy === 'ALLOW').map((r) => r.roleId);
}

export async function assignRole(deps: Deps, tenantId: string, userId: string, roleId: string): Promise<Changed> {
  const current = await relationsInAll(deps, tenantId, userId);
  const wanted = { userId, roleId, scopeId: ALL_SCOPE };
  await checkUserRelationInputs(deps, tenantId, [wanted]);
  if (current.some((r) => r.roleId === roleId)) throw new DomainError('user_role.duplicate', `user ${userId} already has role ${roleId}`);
  const records = userRelationRecords(deps, [wanted]);
  const ops = [...deps.repos.users.insertRelations(tenantId, records), ...deps.repos.users.insertHistories(tenantId, records.map((r) => additionHistory(deps, r)))];
  return { revision: await applyChange(deps, tenantId, ops, 'user_role.duplicate') };
}

export async function unassignRole(deps: Deps, tenantId: string, userId: string, roleId: string): Promise<Changed> {
  const held = (await relationsInAll(deps, tenantId, userId)).filter((r) => r.roleId === roleId);
  if (!held.length) throw new DomainError('not_found', `user ${userId} has no role ${roleId}`);
  const ops = [...deps.repos.users.insertHistories(tenantId, held.map((r) => removalHistory(deps, r))), ...deps.repos.users.deleteRelations(tenantId, held)];
  return { revision: await applyChange(deps, tenantId, ops) };
}
