import { z } from '@hono/zod-openapi';
import type { Permission } from '../../domain/permissions/permission';
import type { NamedRole } from '../../domain/roles/named-roles';

/** An endpoint rule: a method (`GET` … `DELETE`, or `*`) and a path pattern (`*`, `{name}`, final `**`). */
export const Endpoint = z.object({ method: z.string().max(16), path: z.string().max(1024) }).openapi('Endpoint');

/** intdash Scope = a permission. We have no iSCP, so `allowed_iscp_messages` is always `[]`. */
export const Scope = z
  .object({
    uuid: z.string(),
    name: z.string(),
    description: z.string(),
    allowed_endpoints: z.array(Endpoint),
    allowed_iscp_messages: z.array(z.unknown()),
    denied_endpoints: z.array(Endpoint),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Scope');

/** intdash Role, with its scopes in full. */
export const Role = z
  .object({ uuid: z.string(), name: z.string(), description: z.string(), scopes: z.array(Scope), created_at: z.string(), updated_at: z.string() })
  .openapi('Role');

export const scopeWire = (p: Permission) => ({
  uuid: p.permissionId,
  name: p.name,
  description: p.description,
  allowed_endpoints: p.allowedEndpoints.map((e) => ({ method: e.method, path: e.path })),
  allowed_iscp_messages: [] as unknown[],
  denied_endpoints: p.deniedEndpoints.map((e) => ({ method: e.method, path: e.path })),
  created_at: p.createdAt,
  updated_at: p.updatedAt,
});

export const roleWire = (r: NamedRole) => ({
  uuid: r.roleId,
  name: r.name,
  description: r.description ?? '',
  scopes: r.permissions.map(scopeWire),
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});
