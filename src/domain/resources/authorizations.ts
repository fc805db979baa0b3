import { applyChange, type Changed } from '../change';
import { DomainError } from '../errors';
import { assertId } from '../ids';
import type { Deps } from '../ports';
import { assertRolesExist } from '../roles/relation-inputs';
import { ancestorUiPaths, type Grant } from './resource';
import { requireResource } from './resources';

/** G1/G2: grants the role the operation on the resource, and with propagation on its ancestors (root excepted). */
export async function addAuthorization(
  deps: Deps,
  tenantId: string,
  resourceId: string,
  input: { roleId: string; operationId: string; propagation?: boolean | null },
): Promise<Changed> {
  assertId('roleId', input.roleId);
  assertId('operationId', input.operationId);
  const resource = await requireResource(deps, tenantId, resourceId);
  await assertRolesExist(deps, tenantId, [input.roleId]);
  if (!(await deps.repos.operations.existing(tenantId, [input.operationId])).has(input.operationId)) {
    throw new DomainError('operation.not_found', `operation ${input.operationId} not found`);
  }
  const same = (g: Grant) => g.roleId === input.roleId && g.operationId === input.operationId;
  if ((await deps.repos.resources.grantsOf(tenantId, [resourceId])).some(same)) {
    throw new DomainError('authorization.exists', `role ${input.roleId} already has ${input.operationId} on ${resourceId}`);
  }
  const now = deps.clock.now().toISOString();
  const targets = [resourceId];
  if (input.propagation) {
    const ancestors = new Set(ancestorUiPaths(resource.uiPath).filter((p) => p !== '/'));
    const registered = (await deps.repos.resources.list(tenantId, { uiPaths: [...ancestors] })).map((r) => r.resourceId);
    const holding = new Set((await deps.repos.resources.grantsOf(tenantId, registered)).filter(same).map((g) => g.resourceId));
    targets.push(...registered.filter((id) => !holding.has(id)));
  }
  const grants = targets.map((id) => ({ resourceId: id, roleId: input.roleId, operationId: input.operationId, createdAt: now }));
  return { revision: await applyChange(deps, tenantId, deps.repos.resources.insertGrants(tenantId, grants), 'authorization.exists') };
}

export async function listAuthorizations(deps: Deps, tenantId: string, resourceId: string): Promise<Grant[]> {
  await requireResource(deps, tenantId, resourceId);
  return deps.repos.resources.grantsOf(tenantId, [resourceId]);
}

/** G3: removes one grant (11006 when absent). */
export async function removeAuthorization(deps: Deps, tenantId: string, resourceId: string, input: { roleId: string; operationId: string }): Promise<Changed> {
  assertId('roleId', input.roleId);
  assertId('operationId', input.operationId);
  await requireResource(deps, tenantId, resourceId);
  const exists = (await deps.repos.resources.grantsOf(tenantId, [resourceId])).some((g) => g.roleId === input.roleId && g.operationId === input.operationId);
  if (!exists) throw new DomainError('authorization.not_found', `role ${input.roleId} has no ${input.operationId} on ${resourceId}`);
  return { revision: await applyChange(deps, tenantId, [deps.repos.resources.deleteGrant(tenantId, { resourceId, ...input })]) };
}
