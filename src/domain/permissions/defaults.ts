import type { Deps, WriteOp } from '../ports';
import type { EndpointRule, Permission } from './permission';

/** Names of what every tenant starts with (the Identity API's own access model). */
export const DEFAULT_PERMISSION_ALL = 'all';
export const DEFAULT_PERMISSION_ME = 'me';
export const DEFAULT_ROLE_ADMIN = 'admin';
export const DEFAULT_ROLE_MEMBER = 'member';

const ALL_ENDPOINTS: EndpointRule[] = [{ method: '*', path: '/**' }];
/** A member's own endpoints: `/v1/me…`, its edge twin, and the check of its own access. */
const OWN_ENDPOINTS: EndpointRule[] = [
  { method: '*', path: '/v1/me' },
  { method: '*', path: '/v1/me/**' },
  { method: 'GET', path: '/v1/edges/me' },
  { method: 'POST', path: '/v1/authorization/http/me' },
];

/**
 * The rows a new tenant starts with: permission `all` (every endpoint) held by role `admin`, and
 * permission `me` (the caller's own endpoints) held by role `member`. Written in the tenant's
 * creation batch; migration 0009 wrote the same for tenants that existed before.
 */
export function defaultAccessRows(deps: Deps, tenantId: string, at: string): WriteOp[] {
  const permission = (name: string, description: string, allowedEndpoints: EndpointRule[]): Permission => ({
    permissionId: crypto.randomUUID(),
    name,
    description,
    allowedEndpoints,
    deniedEndpoints: [],
    createdAt: at,
    updatedAt: at,
  });
  const all = permission(DEFAULT_PERMISSION_ALL, 'Every endpoint', ALL_ENDPOINTS);
  const me = permission(DEFAULT_PERMISSION_ME, "The caller's own endpoints", OWN_ENDPOINTS);
  const role = (roleName: string, description: string) => ({
    roleId: crypto.randomUUID(),
    roleName,
    roleGroup: null,
    description,
    exposureOrder: 0,
    createdAt: at,
  });
  const admin = role(DEFAULT_ROLE_ADMIN, 'Default administrator role (permission all)');
  const member = role(DEFAULT_ROLE_MEMBER, 'Default member role (permission me)');
  return [
    deps.repos.permissions.insert(tenantId, all),
    deps.repos.permissions.insert(tenantId, me),
    deps.repos.roles.insert(tenantId, admin),
    deps.repos.roles.insert(tenantId, member),
    ...deps.repos.permissions.setRolePermissions(tenantId, admin.roleId, [all.permissionId], at),
    ...deps.repos.permissions.setRolePermissions(tenantId, member.roleId, [me.permissionId], at),
  ];
}
