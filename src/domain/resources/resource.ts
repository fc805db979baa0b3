export interface Resource {
  resourceId: string;
  path: string;
  uiPath: string;
  name: string | null;
  description: string | null;
  priority: number;
  metadata: string | null;
  createdAt: string;
}

export interface Grant {
  resourceId: string;
  roleId: string;
  operationId: string;
  createdAt: string;
}

export type ResourceSortField = 'resourceId' | 'path' | 'uiPath' | 'name' | 'description' | 'priority' | 'createdAt';

/** H4 reduced to what the store can check: a grant with one of these roles and operations. */
export interface GrantFilter {
  /** Allowed roles; an empty list passes nothing. Undefined = any role. */
  roleIds?: string[];
  operationIds?: string[];
}

export interface ResourceFilter {
  resourceIds?: string[];
  resourceIdPreLike?: string;
  path?: string;
  pathPrefix?: string;
  paths?: string[];
  uiPath?: string;
  uiPaths?: string[];
  grant?: GrantFilter;
}

/** Parent of `uiPath` candidates: proper segment-prefixes, longest first (H1). */
export function ancestorUiPaths(uiPath: string): string[] {
  if (uiPath === '/') return [];
  const parts = uiPath.slice(1).split('/');
  const out: string[] = [];
  for (let i = parts.length - 1; i >= 1; i--) out.push(`/${parts.slice(0, i).join('/')}`);
  out.push('/');
  return out;
}

/** The uiPath `uiPath` (at or below `from`) gets when `from` moves to `to` (P4). */
export function rebaseUiPath(uiPath: string, from: string, to: string): string {
  if (uiPath === from) return to;
  const rest = uiPath.slice(from === '/' ? 1 : from.length + 1);
  return to === '/' ? `/${rest}` : `${to}/${rest}`;
}

/** Whether `uiPath` lies strictly below `ancestor`. */
export function isBelow(uiPath: string, ancestor: string): boolean {
  return ancestor === '/' ? uiPath !== '/' : uiPath.startsWith(`${ancestor}/`);
}
