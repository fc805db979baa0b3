import { applyChange } from '../change';
import { DomainError, invalid, type DomainErrorCode } from '../errors';
import type { Page, PageRequest } from '../paging';
import type { Deps, WriteOp } from '../ports';
import { assertEndpointRules } from './endpoint-rules';
import type { EndpointRule, Permission, PermissionFilter, PermissionSortField } from './permission';

/**
 * Use cases of permissions (intdash scopes, idp-server permissions), shared by the Identity API and
 * the control plane. Every write may be a dry run: everything is validated and the would-be result
 * returned, nothing is written and the revision is not bumped.
 */

export interface WriteOptions {
  dryRun?: boolean;
}

/** What a write produced (or, on a dry run, would produce); `revision` is null on a dry run. */
export interface Written<T> {
  result: T;
  revision: number | null;
}

/** An endpoint rule as a client sends it; the method is matched case-insensitively. */
export interface EndpointRuleInput {
  method: string;
  path: string;
}

export interface PermissionInput {
  name: string;
  description?: string | null;
  allowedEndpoints?: EndpointRuleInput[] | null;
  deniedEndpoints?: EndpointRuleInput[] | null;
}

/** Absent fields stay; `description: null` clears it. */
export type PermissionPatch = Partial<PermissionInput>;

export const NAME_MAX = 255;
const DESCRIPTION_MAX = 1024;

/** Names of permissions and roles: 1..255 characters, not blank. */
export function assertName(field: string, name: string): void {
  if (name.trim() === '' || name.length > NAME_MAX) throw invalid(`${field} must be 1 to ${NAME_MAX} characters and not blank`);
}

export function assertDescription(field: string, description: string | null | undefined, max = DESCRIPTION_MAX): void {
  if (description != null && description.length > max) throw invalid(`${field} must be at most ${max} characters`);
}

function endpointRules(field: string, rules: EndpointRuleInput[]): EndpointRule[] {
  const normalized = rules.map((r) => ({ method: r.method.toUpperCase(), path: r.path })) as EndpointRule[];
  assertEndpointRules(field, normalized);
  return normalized;
}

/** Commits `ops` as one change unless this is a dry run; `result` is what the write produces. */
export async function commitUnlessDryRun<T>(deps: Deps, tenantId: string, opts: WriteOptions, result: T, ops: WriteOp[], onConflict?: DomainErrorCode): Promise<Written<T>> {
  if (opts.dryRun) return { result, revision: null };
  return { result, revision: await applyChange(deps, tenantId, ops, onConflict) };
}
const write = <T>(deps: Deps, tenantId: string, opts: WriteOptions, result: T, ops: WriteOp[]) => commitUnlessDryRun(deps, tenantId, opts, result, ops, 'conflict');

export async function getPermission(deps: Deps, tenantId: string, permissionId: string): Promise<Permission> {
  const found = (await deps.repos.permissions.findMany(tenantId, [permissionId])).get(permissionId);
  if (!found) throw new DomainError('not_found', `permission ${permissionId} not found`);
  return found;
}

export function listPermissions(deps: Deps, tenantId: string, filter: PermissionFilter, page: PageRequest<PermissionSortField>): Promise<Page<Permission>> {
  return deps.repos.permissions.list(tenantId, filter, page);
}

async function assertNameFree(deps: Deps, tenantId: string, name: string, self?: string): Promise<void> {
  const other = await deps.repos.permissions.findByName(tenantId, name);
  if (other && other.permissionId !== self) throw new DomainError('conflict', `a permission named ${name} already exists`);
}

export async function createPermission(deps: Deps, tenantId: string, input: PermissionInput, opts: WriteOptions = {}): Promise<Written<Permission>> {
  assertName('name', input.name);
  assertDescription('description', input.description);
  const allowedEndpoints = endpointRules('allowed_endpoints', input.allowedEndpoints ?? []);
  const deniedEndpoints = endpointRules('denied_endpoints', input.deniedEndpoints ?? []);
  await assertNameFree(deps, tenantId, input.name);
  const now = deps.clock.now().toISOString();
  const permission: Permission = {
    permissionId: crypto.randomUUID(),
    name: input.name,
    description: input.description ?? '',
    allowedEndpoints,
    deniedEndpoints,
    createdAt: now,
    updatedAt: now,
  };
  return write(deps, tenantId, opts, permission, [deps.repos.permissions.insert(tenantId, permission)]);
}

export async function updatePermission(
  deps: Deps,
  tenantId: string,
  permissionId: string,
  patch: PermissionPatch,
  opts: WriteOptions = {},
): Promise<Written<Permission>> {
  const current = await getPermission(deps, tenantId, permissionId);
  if (patch.name !== undefined) assertName('name', patch.name);
  assertDescription('description', patch.description);
  const next: Permission = {
    ...current,
    name: patch.name ?? current.name,
    description: patch.description === undefined ? current.description : (patch.description ?? ''),
    allowedEndpoints: patch.allowedEndpoints ? endpointRules('allowed_endpoints', patch.allowedEndpoints) : current.allowedEndpoints,
    deniedEndpoints: patch.deniedEndpoints ? endpointRules('denied_endpoints', patch.deniedEndpoints) : current.deniedEndpoints,
    updatedAt: deps.clock.now().toISOString(),
  };
  if (next.name !== current.name) await assertNameFree(deps, tenantId, next.name, permissionId);
  const { permissionId: _id, createdAt: _created, ...fields } = next;
  return write(deps, tenantId, opts, next, [deps.repos.permissions.update(tenantId, permissionId, fields)]);
}

/** Deletes the permission; every role holding it loses it (same batch). Answers what was deleted. */
export async function deletePermission(deps: Deps, tenantId: string, permissionId: string, opts: WriteOptions = {}): Promise<Written<Permission>> {
  const current = await getPermission(deps, tenantId, permissionId);
  return write(deps, tenantId, opts, current, deps.repos.permissions.delete(tenantId, permissionId));
}

/** Some permission ids a write refers to do not exist (a 400 naming them, not a 404 of the target). */
export class UnknownPermissionsError extends DomainError {
  constructor(readonly permissionIds: string[]) {
    super('invalid', `unknown permission ids: ${permissionIds.join(', ')}`);
  }
}

/** The permissions of `ids` in the given order (duplicates removed), or UnknownPermissionsError. */
export async function requirePermissions(deps: Deps, tenantId: string, ids: readonly string[]): Promise<Permission[]> {
  const unique = [...new Set(ids)];
  if (unique.length > 1000) throw invalid('at most 1000 permissions may be given');
  const found = await deps.repos.permissions.findMany(tenantId, unique);
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw new UnknownPermissionsError(missing);
  return unique.map((id) => found.get(id)!);
}
