import { applyChange, type Changed } from '../change';
import { DomainError } from '../errors';
import { assertBulk, assertId } from '../ids';
import type { Deps } from '../ports';
import { assertRolesExist, checkRoleRelationInputs, type RoleRelationInput } from './relation-inputs';
import { relationRecords } from './roles';

/** R6: adds relations; an existing pair fails the request (11003). */
export async function addRoleRelations(deps: Deps, tenantId: string, roleId: string, inputs: RoleRelationInput[]): Promise<Changed> {
  assertId('roleId', roleId);
  assertBulk('roleRelations', inputs, { unique: false });
  await checkRoleRelationInputs(deps, tenantId, roleId, inputs, { roleExists: true });
  const existing = new Set((await deps.repos.roles.relationsFrom(tenantId, [roleId])).map((r) => r.relatedRoleId));
  const dup = inputs.find((r) => existing.has(r.relatedRoleId));
  if (dup) throw new DomainError('role_relation.exists', `relation ${roleId} -> ${dup.relatedRoleId} already exists`);
  const ops = deps.repos.roles.insertRelations(tenantId, relationRecords(deps, roleId, inputs));
  return { revision: await applyChange(deps, tenantId, ops, 'role_relation.exists') };
}

/** R6: replaces the role's whole relation list. */
export async function replaceRoleRelations(deps: Deps, tenantId: string, roleId: string, inputs: RoleRelationInput[]): Promise<Changed> {
  assertId('roleId', roleId);
  if (inputs.length > 1000) throw new DomainError('invalid', 'roleRelations must hold at most 1000 items');
  await checkRoleRelationInputs(deps, tenantId, roleId, inputs, { roleExists: true });
  const ops = [
    deps.repos.roles.deleteRelations(tenantId, roleId),
    ...deps.repos.roles.insertRelations(tenantId, relationRecords(deps, roleId, inputs)),
  ];
  return { revision: await applyChange(deps, tenantId, ops) };
}

/** R6 / L6: removes the given related roles; ids that are not related are ignored. */
export async function removeRoleRelations(deps: Deps, tenantId: string, roleId: string, relatedRoleIds: string[]): Promise<Changed> {
  assertId('roleId', roleId);
  assertBulk('relatedRoleIds', relatedRoleIds);
  for (const id of relatedRoleIds) assertId('relatedRoleId', id);
  await assertRolesExist(deps, tenantId, [roleId]);
  return { revision: await applyChange(deps, tenantId, [deps.repos.roles.deleteRelations(tenantId, roleId, relatedRoleIds)]) };
}
