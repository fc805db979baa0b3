import type { TextMatch } from '../identity/account';
import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * An endpoint rule of a permission: a method (or `*`, any) and a path pattern whose segments are
 * literals, `*` or `{name}` (exactly one segment), or a final `**` (any number of segments, none included).
 */
export interface EndpointRule {
  method: HttpMethod | '*';
  path: string;
}

/** A named right (intdash scope, idp-server permission, OAuth scope value). */
export interface Permission {
  permissionId: string;
  name: string;
  description: string;
  allowedEndpoints: EndpointRule[];
  deniedEndpoints: EndpointRule[];
  createdAt: string;
  updatedAt: string;
}

export type PermissionSortField = 'name' | 'createdAt' | 'updatedAt';

export interface PermissionFilter {
  permissionIds?: string[];
  names?: TextMatch[];
}

export interface PermissionRepository {
  findMany(tenantId: string, permissionIds: readonly string[]): Promise<Map<string, Permission>>;
  findByName(tenantId: string, name: string): Promise<Permission | null>;
  list(tenantId: string, filter: PermissionFilter, page: PageRequest<PermissionSortField>): Promise<Page<Permission>>;
  insert(tenantId: string, permission: Permission): WriteOp;
  update(tenantId: string, permissionId: string, patch: Partial<Omit<Permission, 'permissionId' | 'createdAt'>>): WriteOp;
  /** The permission and every role's link to it. */
  delete(tenantId: string, permissionId: string): WriteOp[];
  /** roleId -> permission ids held, for the given roles. */
  ofRoles(tenantId: string, roleIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Replaces the permissions of a role (all-or-nothing within the caller's batch). */
  setRolePermissions(tenantId: string, roleId: string, permissionIds: readonly string[], at: string): WriteOp[];
  /** Role ids holding the permission. */
  rolesHolding(tenantId: string, permissionId: string): Promise<string[]>;
}
