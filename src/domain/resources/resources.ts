import type { AttributeRecord, AttributeSortField } from '../attributes/attribute';
import { applyChange, type Changed } from '../change';
import { DomainError, invalid } from '../errors';
import { assertBulk, assertId, assertMaxLength } from '../ids';
import type { Page, PageRequest } from '../paging';
import type { Deps, WriteOp } from '../ports';
import type { Tenant } from '../tenants/tenant';
import { grantFilter, type AccessQuery } from './access';
import { compilePattern, isValidPathPattern, isValidUiPath, matchPath } from './path-match';
import { isBelow, rebaseUiPath, type Resource, type ResourceFilter, type ResourceSortField } from './resource';

export interface ResourceInput {
  path: string;
  uiPath: string;
  priority: number;
  name?: string | null;
  description?: string | null;
  metadata?: string | null;
}

function checkInput(r: ResourceInput): void {
  if (r.path.length > 1024 || !isValidPathPattern(r.path)) throw invalid(`path "${r.path}" is not a valid resource path`);
  if (r.uiPath.length > 1024 || !isValidUiPath(r.uiPath)) throw invalid(`uiPath "${r.uiPath}" is not a valid UI path`);
  if (!Number.isInteger(r.priority) || r.priority < -32768 || r.priority > 32767) throw invalid('priority must be an integer in -32768..32767');
  assertMaxLength('name', r.name, 128);
  if (r.name?.includes('/')) throw invalid('name must not contain "/"');
  assertMaxLength('description', r.description, 128);
  assertMaxLength('metadata', r.metadata, 65536);
}

/** P3: the name defaults to the last uiPath segment. */
const defaultName = (uiPath: string) => (uiPath === '/' ? '/' : uiPath.slice(uiPath.lastIndexOf('/') + 1));

interface Claim {
  resourceIds: string[];
  paths: string[];
  uiPaths: string[];
}

/** 10004 / 10003 / 10007 when an id, path or uiPath of `claim` is held by a resource outside `except`. */
async function assertFree(deps: Deps, tenantId: string, claim: Claim, except?: string[]): Promise<void> {
  const taken = await deps.repos.resources.taken(tenantId, claim, except);
  if (taken.resourceIds.size) throw new DomainError('resource.id_exists', `resource ${[...taken.resourceIds][0]} already exists`);
  if (taken.paths.size) throw new DomainError('resource.path_exists', `a resource with path ${[...taken.paths][0]} already exists`);
  if (taken.uiPaths.size) throw new DomainError('resource.ui_path_exists', `a resource with uiPath ${[...taken.uiPaths][0]} already exists`);
}

/**
 * Commits a write checked by {@link assertFree}. A concurrent writer may take a name between the
 * check and the batch; the unique index then refuses the batch, and checking again names which
 * one was taken (the path code when the winner is already gone again).
 */
async function commitClaim(deps: Deps, tenantId: string, ops: WriteOp[], claim: Claim, except?: string[]): Promise<Changed> {
  try {
    return { revision: await applyChange(deps, tenantId, ops, 'resource.path_exists') };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'resource.path_exists') await assertFree(deps, tenantId, claim, except);
    throw err;
  }
}

export async function createResource(deps: Deps, tenantId: string, input: ResourceInput & { resourceId?: string | null }): Promise<Changed> {
  checkInput(input);
  const resourceId = input.resourceId || deps.random.hex(16);
  assertId('resourceId', resourceId);
  const claim = { resourceIds: [resourceId], paths: [input.path], uiPaths: [input.uiPath] };
  await assertFree(deps, tenantId, claim);
  const resource: Resource = {
    resourceId,
    path: input.path,
    uiPath: input.uiPath,
    name: input.name ?? defaultName(input.uiPath),
    description: input.description ?? null,
    priority: input.priority,
    metadata: input.metadata ?? null,
    createdAt: deps.clock.now().toISOString(),
  };
  return commitClaim(deps, tenantId, [deps.repos.resources.insert(tenantId, resource)], claim);
}

export async function requireResource(deps: Deps, tenantId: string, resourceId: string): Promise<Resource> {
  assertId('resourceId', resourceId);
  const found = (await deps.repos.resources.findMany(tenantId, [resourceId])).get(resourceId);
  if (!found) throw new DomainError('resource.not_found', `resource ${resourceId} not found`);
  return found;
}

export const getResource = requireResource;

/** `GET .../resources`: every resource passing H4, ordered by uiPath. */
export async function listResources(deps: Deps, tenantId: string, access: AccessQuery): Promise<Resource[]> {
  return deps.repos.resources.list(tenantId, { grant: await grantFilter(deps, tenantId, access) });
}

export async function searchResources(
  deps: Deps,
  tenantId: string,
  filter: Omit<ResourceFilter, 'grant'>,
  access: AccessQuery,
  page: PageRequest<ResourceSortField>,
): Promise<Page<Resource>> {
  return deps.repos.resources.search(tenantId, { ...filter, grant: await grantFilter(deps, tenantId, access) }, page);
}

/** PUT (P4): a new uiPath moves the subtree; `newResourceId` renames, grants follow. */
export async function updateResource(
  deps: Deps,
  tenantId: string,
  resourceId: string,
  input: ResourceInput & { newResourceId?: string | null },
): Promise<Changed> {
  assertId('resourceId', resourceId);
  checkInput(input);
  const newId = input.newResourceId || resourceId;
  assertId('newResourceId', newId);
  const current = await requireResource(deps, tenantId, resourceId);
  const moving = input.uiPath !== current.uiPath;
  if (moving && isBelow(input.uiPath, current.uiPath)) throw invalid('a resource cannot be moved below itself');
  const subtree = moving ? (await deps.repos.resources.all(tenantId)).filter((r) => isBelow(r.uiPath, current.uiPath)) : [];
  const claim = {
    resourceIds: newId === resourceId ? [] : [newId],
    paths: [input.path],
    uiPaths: [input.uiPath, ...subtree.map((r) => rebaseUiPath(r.uiPath, current.uiPath, input.uiPath))],
  };
  // The moving resources give up their names: they are no conflict for themselves.
  const except = [resourceId, ...subtree.map((r) => r.resourceId)];
  await assertFree(deps, tenantId, claim, except);
  const ops: WriteOp[] = moving ? deps.repos.resources.moveSubtree(tenantId, current.uiPath, input.uiPath) : [];
  ops.push(
    deps.repos.resources.update(tenantId, resourceId, {
      resourceId: newId,
      path: input.path,
      priority: input.priority,
      ...(input.name != null ? { name: input.name } : {}),
      ...(input.description != null ? { description: input.description } : {}),
      ...(input.metadata != null ? { metadata: input.metadata } : {}),
    }),
  );
  if (newId !== resourceId) ops.push(deps.repos.resources.renameGrants(tenantId, resourceId, newId));
  return commitClaim(deps, tenantId, ops, claim, except);
}

/** §12: grants go with the resource; descendants stay (and re-attach to the nearest ancestor). */
export async function deleteResources(deps: Deps, tenantId: string, resourceIds: string[]): Promise<Changed> {
  assertBulk('resourceIds', resourceIds);
  for (const id of resourceIds) assertId('resourceId', id);
  const found = await deps.repos.resources.findMany(tenantId, resourceIds);
  const missing = resourceIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new DomainError('resource.not_found', `resource ${missing} not found`);
  return { revision: await applyChange(deps, tenantId, deps.repos.resources.delete(tenantId, resourceIds)) };
}

export const deleteResource = (deps: Deps, tenantId: string, resourceId: string) => deleteResources(deps, tenantId, [resourceId]);

/**
 * The resource a check would use: by id (exact), else by path through M1–M5 with the tenant's
 * trailing-slash policy. `resourceId` wins when both are given (K1); "" counts as absent.
 */
export async function resolveResource(deps: Deps, tenant: Tenant, ref: { resourceId?: string | null; resourcePath?: string | null }): Promise<Resource | undefined> {
  if (ref.resourceId) return (await deps.repos.resources.findMany(tenant.appKey, [ref.resourceId])).get(ref.resourceId);
  if (!ref.resourcePath) return undefined;
  const candidates = (await deps.repos.resources.all(tenant.appKey)).map((r) => ({ ...r, pattern: compilePattern(r.path) }));
  return matchPath(candidates, ref.resourcePath, tenant.config.trailingSlashPolicy);
}

/** A4: attributes usable by any role holding `operationId` on the resource. */
export async function attributesForResource(
  deps: Deps,
  tenant: Tenant,
  input: { operationId: string; resourceId?: string | null; resourcePath?: string | null },
  page: PageRequest<AttributeSortField>,
): Promise<Page<AttributeRecord>> {
  assertId('operationId', input.operationId);
  if (input.resourceId) await requireResource(deps, tenant.appKey, input.resourceId);
  const resource = await resolveResource(deps, tenant, input);
  if (!resource) return { totalItems: 0, items: [] };
  const roleIds = [...new Set((await deps.repos.resources.grantsOf(tenant.appKey, [resource.resourceId])).filter((g) => g.operationId === input.operationId).map((g) => g.roleId))];
  if (roleIds.length === 0) return { totalItems: 0, items: [] };
  return deps.repos.attributes.search(tenant.appKey, { usableByRoleIds: roleIds }, page);
}
