import type { Condition, Policy } from '../conditions/condition';
import { validateRelationConditions } from '../conditions/validate';
import { DomainError } from '../errors';
import { assertId } from '../ids';
import type { Deps } from '../ports';
import { assertRolesExist } from '../roles/relation-inputs';
import type { UserRoleRelation } from './user';

export interface UserRelationInput {
  roleId: string;
  scopeId: string;
  roleApplyPolicyCode?: Policy | null;
  conditions?: Condition[] | null;
}

/**
 * Validates user–role relations before any write (U1, U2): ids, no (user, role, scope) twice
 * (14002), roles (11001) and scopes (13001) exist, conditions fit the role (20001/21001/21002),
 * DENY only on a deniable role (11010).
 */
export async function checkUserRelationInputs(deps: Deps, tenantId: string, relations: (UserRelationInput & { userId: string })[]): Promise<void> {
  const seen = new Set<string>();
  for (const r of relations) {
    assertId('roleId', r.roleId);
    assertId('scopeId', r.scopeId);
    const key = JSON.stringify([r.userId, r.roleId, r.scopeId]);
    if (seen.has(key)) throw new DomainError('user_role.duplicate', `user ${r.userId} has role ${r.roleId} in scope ${r.scopeId} twice`);
    seen.add(key);
  }
  if (relations.length === 0) return;
  await assertRolesExist(deps, tenantId, relations.map((r) => r.roleId));
  const scopeIds = [...new Set(relations.map((r) => r.scopeId))];
  const scopes = await deps.repos.scopes.existing(tenantId, scopeIds);
  const missingScope = scopeIds.find((s) => !scopes.has(s));
  if (missingScope !== undefined) throw new DomainError('scope.not_found', `scope ${missingScope} not found`);
  await validateRelationConditions(
    deps,
    tenantId,
    relations.map((r) => ({ constrainedRoleId: r.roleId, conditions: r.conditions ?? [] })),
  );
  const denied = [...new Set(relations.filter((r) => r.roleApplyPolicyCode === 'DENY').map((r) => r.roleId))];
  if (denied.length) {
    const deniable = await deps.repos.roles.relatedTargets(tenantId, denied);
    const not = denied.find((id) => !deniable.has(id));
    if (not !== undefined) throw new DomainError('role.not_deniable', `role ${not} is not deniable: no role relation reaches it`);
  }
}

export function userRelationRecords(deps: Deps, relations: (UserRelationInput & { userId: string })[]): UserRoleRelation[] {
  const now = deps.clock.now().toISOString();
  return relations.map((r) => ({
    userId: r.userId,
    roleId: r.roleId,
    scopeId: r.scopeId,
    policy: r.roleApplyPolicyCode ?? 'ALLOW',
    conditions: r.conditions ?? [],
    createdAt: now,
  }));
}

const conditionKey = (r: UserRoleRelation) =>
  JSON.stringify(r.conditions.map((c) => [c.attributeId, c.attributeOperatorTypeCode, c.attributeValues]));

const sameRelation = (a: UserRoleRelation, b: UserRoleRelation) =>
  a.roleId === b.roleId && a.scopeId === b.scopeId && a.policy === b.policy && conditionKey(a) === conditionKey(b);

/** What replacing `current` by `next` removes and adds; relations left unchanged are in neither (Y1). */
export function relationDiff(current: UserRoleRelation[], next: UserRoleRelation[]) {
  const removed = current.filter((c) => !next.some((n) => sameRelation(c, n)));
  const added = next.filter((n) => !current.some((c) => sameRelation(c, n)));
  return { removed, added };
}
