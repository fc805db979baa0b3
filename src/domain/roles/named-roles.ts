import { DomainError } from '../errors';
import { pageInMemory, type Page, type PageRequest } from '../paging';
import type { Permission } from '../permissions/permission';
import { assertDescription, assertName, commitUnlessDryRun, requirePermissions, type WriteOptions, type Written } from '../permissions/permissions';
import type { Deps } from '../ports';
import type { NamedRoleFilter, NamedRoleRecord, NamedRoleSortField } from './named-role';
import { assignedRoleIds, assignRole } from '../users/role-assignments';
import { deleteRole } from './roles';

/**
 * Roles as bundles of permissions (intdash roles, idp-server roles), shared by the Identity API and
 * the control plane. They are the Role API's roles: a role created here has a uuid as its roleId
 * and its name as roleName; a Role API role appears here too (named by its roleName, or its id).
 * Names are unique within the tenant for roles written here. Every write may be a dry run.
 */

export interface NamedRole extends NamedRoleRecord {
  /** Sorted by name. */
  permissions: Permission[];
}

export interface NamedRoleInput {
  name: string;
  description?: string | null;
  permissionIds: string[];
}

/** Absent fields stay; `description: null` clears it; `permissionIds` replaces the role's permissions. */
export type NamedRolePatch = Partial<NamedRoleInput>;

const ROLE_DESCRIPTION_MAX = 255;
const byName = (a: Permission, b: Permission) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function withPermissions(deps: Deps, tenantId: string, records: NamedRoleRecord[]): Promise<NamedRole[]> {
  const held = await deps.repos.permissions.ofRoles(tenantId, records.map((r) => r.roleId));
  const all = await deps.repos.permissions.findMany(tenantId, [...new Set([...held.values()].flat())]);
  return records.map((r) => ({ ...r, permissions: (held.get(r.roleId) ?? []).flatMap((id) => all.get(id) ?? []).sort(byName) }));
}

/** The roles of `roleIds` that exist, in that order, with their permissions. */
export async function namedRolesOf(deps: Deps, tenantId: string, roleIds: readonly string[]): Promise<NamedRole[]> {
  const found = await deps.repos.namedRoles.findMany(tenantId, [...new Set(roleIds)]);
  return withPermissions(deps, tenantId, [...new Set(roleIds)].flatMap((id) => found.get(id) ?? []));
}

export async function getNamedRole(deps: Deps, tenantId: string, roleId: string): Promise<NamedRole> {
  const [role] = await namedRolesOf(deps, tenantId, [roleId]);
  if (!role) throw new DomainError('role.not_found', `role ${roleId} not found`);
  return role;
}

export async function listNamedRoles(deps: Deps, tenantId: string, filter: NamedRoleFilter, page: PageRequest<NamedRoleSortField>): Promise<Page<NamedRole>> {
  const found = await deps.repos.namedRoles.list(tenantId, filter, page);
  return { totalItems: found.totalItems, items: await withPermissions(deps, tenantId, found.items) };
}

/** The roles a principal holds in scope ALL, paged in memory (a principal holds few roles). */
export async function listAssignedNamedRoles(deps: Deps, tenantId: string, userId: string, page: PageRequest<NamedRoleSortField>): Promise<Page<NamedRole>> {
  const roles = await namedRolesOf(deps, tenantId, await assignedRoleIds(deps, tenantId, userId));
  return pageInMemory(roles, page, (r, field) => r[field], (r) => r.roleId);
}

/** Assigns the role to the principal in scope ALL; answers the role. */
export async function assignNamedRole(deps: Deps, tenantId: string, userId: string, roleId: string): Promise<Written<NamedRole>> {
  const { revision } = await assignRole(deps, tenantId, userId, roleId);
  return { result: await getNamedRole(deps, tenantId, roleId), revision };
}

async function assertNameFree(deps: Deps, tenantId: string, name: string, self?: string): Promise<void> {
  const taken = (await deps.repos.namedRoles.idsNamed(tenantId, name)).filter((id) => id !== self);
  if (taken.length) throw new DomainError('role.exists', `a role named ${name} already exists`);
}

export async function createNamedRole(deps: Deps, tenantId: string, input: NamedRoleInput, opts: WriteOptions = {}): Promise<Written<NamedRole>> {
  assertName('name', input.name);
  assertDescription('description', input.description, ROLE_DESCRIPTION_MAX);
  const permissions = await requirePermissions(deps, tenantId, input.permissionIds);
  await assertNameFree(deps, tenantId, input.name);
  const now = deps.clock.now().toISOString();
  const roleId = crypto.randomUUID();
  const role: NamedRole = { roleId, name: input.name, description: input.description ?? null, createdAt: now, updatedAt: now, permissions: permissions.sort(byName) };
  return commitUnlessDryRun(
    deps,
    tenantId,
    opts,
    role,
    [
      deps.repos.roles.insert(tenantId, { roleId, roleName: input.name, roleGroup: null, description: role.description, exposureOrder: 0, createdAt: now }),
      ...deps.repos.permissions.setRolePermissions(tenantId, roleId, permissions.map((p) => p.permissionId), now),
      // The check above cannot see a create still in flight; this one runs inside the batch.
      deps.repos.namedRoles.nameStaysUnique(tenantId, input.name),
    ],
    'role.exists',
  );
}

export async function updateNamedRole(deps: Deps, tenantId: string, roleId: string, patch: NamedRolePatch, opts: WriteOptions = {}): Promise<Written<NamedRole>> {
  const current = await getNamedRole(deps, tenantId, roleId);
  if (patch.name !== undefined) assertName('name', patch.name);
  assertDescription('description', patch.description, ROLE_DESCRIPTION_MAX);
  const permissions = patch.permissionIds ? await requirePermissions(deps, tenantId, patch.permissionIds) : current.permissions;
  if (patch.name !== undefined && patch.name !== current.name) await assertNameFree(deps, tenantId, patch.name, roleId);
  const now = deps.clock.now().toISOString();
  const next: NamedRole = {
    ...current,
    name: patch.name ?? current.name,
    description: patch.description === undefined ? current.description : patch.description,
    updatedAt: now,
    permissions: [...permissions].sort(byName),
  };
  const fields = Object.fromEntries(Object.entries({ roleName: patch.name, description: patch.description }).filter(([, v]) => v !== undefined));
  const renamed = patch.name !== undefined && patch.name !== current.name;
  const ops = [
    ...(Object.keys(fields).length ? [deps.repos.roles.update(tenantId, roleId, fields)] : []),
    ...(patch.permissionIds ? deps.repos.permissions.setRolePermissions(tenantId, roleId, permissions.map((p) => p.permissionId), now) : []),
    deps.repos.namedRoles.touch(tenantId, roleId, now),
    ...(renamed ? [deps.repos.namedRoles.nameStaysUnique(tenantId, next.name)] : []),
  ];
  return commitUnlessDryRun(deps, tenantId, opts, next, ops, 'role.exists');
}

/** Deletes the role everywhere (Role API cascade, user relations recorded as REMOVE). Answers what was deleted. */
export async function deleteNamedRole(deps: Deps, tenantId: string, roleId: string, opts: WriteOptions = {}): Promise<Written<NamedRole>> {
  const current = await getNamedRole(deps, tenantId, roleId);
  if (opts.dryRun) return { result: current, revision: null };
  return { result: current, revision: (await deleteRole(deps, tenantId, roleId)).revision };
}
