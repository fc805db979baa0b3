import { DomainError, invalid } from '../errors';
import type { Deps } from '../ports';
import { ALL_SCOPE } from '../tenants/tenant';
import type { CompiledSnapshot } from './compiled';
import { UserDecisions, type CheckAttribute } from './evaluate';

export interface ResourceCheckItem {
  operationId: string;
  resourceId?: string | null;
  resourcePath?: string | null;
  scopeId?: string | null;
  attributes?: CheckAttribute[] | null;
  authRequestId?: string | null;
}

export interface RoleCheckItem {
  roleId: string;
  scopeId?: string | null;
  attributes?: CheckAttribute[] | null;
  authRequestId?: string | null;
}

function checkItems(items: { attributes?: CheckAttribute[] | null; authRequestId?: string | null }[]): void {
  if (items.length < 1 || items.length > 1000) throw invalid('a check takes 1 to 1000 items');
  items.forEach((item, i) => {
    if (item.authRequestId != null && item.authRequestId.length > 256) throw invalid(`item ${i}: authRequestId is longer than 256 characters`);
    const ids = (item.attributes ?? []).map((a) => a.attributeId);
    if (new Set(ids).size !== ids.length) throw invalid(`item ${i}: an attributeId is given twice (C1)`);
  });
}

/**
 * The snapshot a check is answered from (F1): the newest revision this isolate knows, or — when
 * the caller asks for at least `minRevision` — one at least that fresh, asking the coordinator.
 */
export async function decisionSnapshot(deps: Deps, tenantId: string, minRevision?: number): Promise<CompiledSnapshot> {
  let revision = await deps.decisions.revision(tenantId, false);
  if (minRevision !== undefined && revision < minRevision) {
    revision = await deps.decisions.revision(tenantId, true);
    if (revision < minRevision) throw invalid(`X-Min-Revision ${minRevision} is ahead of the tenant revision ${revision}`);
  }
  const snapshot = await deps.decisions.snapshot(tenantId, revision);
  if (!snapshot) throw new DomainError('unauthorized', 'invalid appKey or secret key');
  return snapshot;
}

async function userDecisions(deps: Deps, tenantId: string, userId: string, minRevision?: number) {
  const { snapshot, user } = await deps.decisions.userView(tenantId, await decisionSnapshot(deps, tenantId, minRevision), userId);
  return { snapshot, decide: new UserDecisions(snapshot, user?.relations ?? null) };
}

const scopeOf = (scopeId?: string | null) => scopeId || ALL_SCOPE;

/** §9.1: one answer per item, in request order (K1–K4). */
export async function checkResources(deps: Deps, tenantId: string, userId: string, items: ResourceCheckItem[], minRevision?: number) {
  checkItems(items);
  items.forEach((item, i) => {
    if (!item.resourceId && !item.resourcePath) throw invalid(`resources.${i}: resourceId or resourcePath is required`);
  });
  const { snapshot, decide } = await userDecisions(deps, tenantId, userId, minRevision);
  const authorizations = items.map((item) => {
    const scopeId = scopeOf(item.scopeId);
    const attributes = item.attributes ?? [];
    const { resourceId, permission } = decide.checkResource({ ...item, scopeId, attributes });
    return {
      authRequestId: item.authRequestId ?? null,
      operationId: item.operationId,
      resourceId,
      resourcePath: item.resourcePath ?? null,
      scopeId,
      attributes,
      permission,
    };
  });
  return { revision: snapshot.revision, authorizations };
}

/** §9.2 (K5). */
export async function checkRoles(deps: Deps, tenantId: string, userId: string, items: RoleCheckItem[], minRevision?: number) {
  checkItems(items);
  const { snapshot, decide } = await userDecisions(deps, tenantId, userId, minRevision);
  const authorizations = items.map((item) => {
    const scopeId = scopeOf(item.scopeId);
    const attributes = item.attributes ?? [];
    return {
      authRequestId: item.authRequestId ?? null,
      roleId: item.roleId,
      scopeId,
      attributes,
      permission: decide.checkRole({ roleId: item.roleId, scopeId, attributes }),
    };
  });
  return { revision: snapshot.revision, authorizations };
}
