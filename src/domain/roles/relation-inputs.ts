import type { Condition, Policy } from '../conditions/condition';
import { validateRelationConditions } from '../conditions/validate';
import { DomainError } from '../errors';
import { assertId } from '../ids';
import type { Deps } from '../ports';

/** A role relation as written by a client (R4, R6). */
export interface RoleRelationInput {
  relatedRoleId: string;
  roleApplyPolicyCode?: Policy | null;
  conditions?: Condition[] | null;
}

/** Throws `role.not_found` for the first of `roleIds` that does not exist. */
export async function assertRolesExist(deps: Deps, tenantId: string, roleIds: string[]): Promise<void> {
  const unique = [...new Set(roleIds)];
  const found = await deps.repos.roles.findMany(tenantId, unique);
  const missing = unique.find((id) => !found.has(id));
  if (missing !== undefined) throw new DomainError('role.not_found', `role ${missing} not found`);
}

/**
 * Validates the relations of `roleId` before they are written: ids, no self relation (11007), no
 * pair twice (11003), related roles exist (11001), conditions valid for the related role (A3).
 */
export async function checkRoleRelationInputs(deps: Deps, tenantId: string, roleId: string, inputs: RoleRelationInput[], opts: { roleExists: boolean }) {
  const seen = new Set<string>();
  for (const r of inputs) {
    assertId('relatedRoleId', r.relatedRoleId);
    if (r.relatedRoleId === roleId) throw new DomainError('role.self_relation', `role ${roleId} cannot be related to itself`);
    if (seen.has(r.relatedRoleId)) throw new DomainError('role_relation.exists', `relation ${roleId} -> ${r.relatedRoleId} is given twice`);
    seen.add(r.relatedRoleId);
  }
  await assertRolesExist(deps, tenantId, [...(opts.roleExists ? [roleId] : []), ...seen]);
  await validateRelationConditions(
    deps,
    tenantId,
    inputs.map((r) => ({ constrainedRoleId: r.relatedRoleId, conditions: r.conditions ?? [] })),
  );
}
