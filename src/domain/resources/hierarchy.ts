import { DomainError } from '../errors';
import type { Deps } from '../ports';
import { grantFilter, type AccessQuery } from './access';
import { ancestorUiPaths, isBelow, type Resource } from './resource';
import { requireResource } from './resources';

export interface ResourceNode extends Resource {
  children: ResourceNode[];
}

/** H1: parent = the registered resource with the longest proper segment-prefix uiPath. */
function parentMap(all: Resource[]): Map<string, string | undefined> {
  const byUi = new Map(all.map((r) => [r.uiPath, r.resourceId]));
  return new Map(all.map((r) => [r.resourceId, ancestorUiPaths(r.uiPath).map((p) => byUi.get(p)).find((id) => id !== undefined)]));
}

/** Resource ids passing H4 (undefined = no filter: everything passes). */
async function passing(deps: Deps, tenantId: string, access: AccessQuery): Promise<Set<string> | undefined> {
  const grant = await grantFilter(deps, tenantId, access);
  if (!grant) return undefined;
  return new Set((await deps.repos.resources.list(tenantId, { grant })).map((r) => r.resourceId));
}

/** H2: descendants at most `depth` levels below, filtered, ordered by uiPath, then cut. */
export async function subResources(
  deps: Deps,
  tenantId: string,
  resourceId: string,
  q: AccessQuery & { depth?: number; offset: number; limit: number },
): Promise<{ totalItemCount: number; resources: Resource[] }> {
  const root = await requireResource(deps, tenantId, resourceId);
  const all = await deps.repos.resources.all(tenantId);
  const parents = parentMap(all);
  const levelBelow = (r: Resource): number => {
    let level = 0;
    for (let id: string | undefined = r.resourceId; id && id !== root.resourceId; id = parents.get(id)) level++;
    return level;
  };
  const ok = await passing(deps, tenantId, q);
  const found = all.filter((r) => isBelow(r.uiPath, root.uiPath) && (q.depth === undefined || levelBelow(r) <= q.depth) && (!ok || ok.has(r.resourceId)));
  return { totalItemCount: found.length, resources: found.slice(q.offset, q.offset + q.limit) };
}

/** H3: trees from the chosen roots; children by priority then uiPath; filtered nodes keep kept descendants. */
export async function resourceHierarchy(
  deps: Deps,
  tenantId: string,
  q: AccessQuery & { resourceIds?: string[]; resourceUiPath?: string; resourcePath?: string },
): Promise<ResourceNode[]> {
  const all = await deps.repos.resources.all(tenantId);
  const parents = parentMap(all);
  const children = new Map<string | undefined, Resource[]>();
  for (const r of all) {
    const p = parents.get(r.resourceId);
    children.set(p, [...(children.get(p) ?? []), r]);
  }
  let roots: Resource[];
  if (q.resourceIds?.length) {
    roots = q.resourceIds.map((id) => all.find((r) => r.resourceId === id)).filter((r): r is Resource => !!r);
    if (roots.length !== q.resourceIds.length) throw new DomainError('resource.not_found', 'a root resource was not found');
  } else if (q.resourceUiPath) {
    roots = all.filter((r) => r.uiPath === q.resourceUiPath);
  } else if (q.resourcePath) {
    roots = all.filter((r) => r.path === q.resourcePath);
  } else {
    roots = children.get(undefined) ?? [];
  }
  const ok = await passing(deps, tenantId, q);
  const order = (a: Resource, b: Resource) => a.priority - b.priority || (a.uiPath < b.uiPath ? -1 : a.uiPath > b.uiPath ? 1 : 0);
  const build = (r: Resource): ResourceNode | undefined => {
    const kids = (children.get(r.resourceId) ?? []).slice().sort(order).map(build).filter((n): n is ResourceNode => !!n);
    if (ok && !ok.has(r.resourceId) && kids.length === 0) return undefined;
    return { ...r, children: kids };
  };
  return roots.slice().sort(order).map(build).filter((n): n is ResourceNode => !!n);
}

