import { and, asc, count, desc, eq, or, type SQL } from 'drizzle-orm';
import type { EndpointRule, Permission, PermissionRepository } from '../../domain/permissions/permission';
import { asOp, chunk, inList, rowsPerInsert, type Db } from '../db';
import { permissions, rolePermissions } from '../schema';
import { containsInsensitive, offsetOf } from './sorting';

const p = permissions;

const toPermission = (r: typeof p.$inferSelect): Permission => ({
  permissionId: r.permissionId,
  name: r.name,
  description: r.description,
  allowedEndpoints: JSON.parse(r.allowedEndpoints) as EndpointRule[],
  deniedEndpoints: JSON.parse(r.deniedEndpoints) as EndpointRule[],
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const rules = (list: readonly EndpointRule[]) => JSON.stringify(list.map((r) => ({ method: r.method, path: r.path })));

export function createPermissionRepository(db: Db): PermissionRepository {
  const mine = (tenantId: string) => eq(p.tenantId, tenantId);
  return {
    async findMany(tenantId, ids) {
      if (ids.length === 0) return new Map();
      const rows = await db.select().from(p).where(and(mine(tenantId), inList(p.permissionId, ids)));
      return new Map(rows.map((r) => [r.permissionId, toPermission(r)]));
    },
    async findByName(tenantId, name) {
      const rows = await db.select().from(p).where(and(mine(tenantId), eq(p.name, name))).limit(1);
      return rows[0] ? toPermission(rows[0]) : null;
    },
    async list(tenantId, f, page) {
      const conds: SQL[] = [mine(tenantId)];
      if (f.permissionIds?.length) conds.push(inList(p.permissionId, f.permissionIds));
      if (f.names?.length) conds.push(or(...f.names.map((m) => (m.exact ? eq(p.name, m.value) : containsInsensitive(p.name, m.value))))!);
      const where = and(...conds);
      const cols = { name: p.name, createdAt: p.createdAt, updatedAt: p.updatedAt };
      const order = [...page.sort.map((k) => (k.direction === 'DESC' ? desc(cols[k.field]) : asc(cols[k.field]))), asc(p.permissionId)];
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(p).where(where),
        db.select().from(p).where(where).orderBy(...order).limit(page.itemsPerPage).offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows.map(toPermission) };
    },
    insert(tenantId, perm) {
      return asOp(db.insert(p).values({ tenantId, ...perm, allowedEndpoints: rules(perm.allowedEndpoints), deniedEndpoints: rules(perm.deniedEndpoints) }));
    },
    update(tenantId, permissionId, patch) {
      const { allowedEndpoints, deniedEndpoints, ...rest } = patch;
      return asOp(
        db
          .update(p)
          .set({
            ...rest,
            ...(allowedEndpoints ? { allowedEndpoints: rules(allowedEndpoints) } : {}),
            ...(deniedEndpoints ? { deniedEndpoints: rules(deniedEndpoints) } : {}),
          })
          .where(and(mine(tenantId), eq(p.permissionId, permissionId))),
      );
    },
    delete(tenantId, permissionId) {
      return [
        asOp(db.delete(rolePermissions).where(and(eq(rolePermissions.tenantId, tenantId), eq(rolePermissions.permissionId, permissionId)))),
        asOp(db.delete(p).where(and(mine(tenantId), eq(p.permissionId, permissionId)))),
      ];
    },
    async ofRoles(tenantId, roleIds) {
      const out = new Map<string, string[]>();
      if (roleIds.length === 0) return out;
      const rows = await db
        .select()
        .from(rolePermissions)
        .where(and(eq(rolePermissions.tenantId, tenantId), inList(rolePermissions.roleId, roleIds)))
        .orderBy(asc(rolePermissions.roleId), asc(rolePermissions.createdAt), asc(rolePermissions.permissionId));
      for (const r of rows) out.set(r.roleId, [...(out.get(r.roleId) ?? []), r.permissionId]);
      return out;
    },
    setRolePermissions(tenantId, roleId, permissionIds, at) {
      const rp = rolePermissions;
      const unique = [...new Set(permissionIds)];
      return [
        asOp(db.delete(rp).where(and(eq(rp.tenantId, tenantId), eq(rp.roleId, roleId)))),
        ...chunk(unique, rowsPerInsert(4)).map((ids) => asOp(db.insert(rp).values(ids.map((permissionId) => ({ tenantId, roleId, permissionId, createdAt: at }))))),
      ];
    },
    async rolesHolding(tenantId, permissionId) {
      const rows = await db
        .select({ roleId: rolePermissions.roleId })
        .from(rolePermissions)
        .where(and(eq(rolePermissions.tenantId, tenantId), eq(rolePermissions.permissionId, permissionId)));
      return rows.map((r) => r.roleId);
    },
  };
}
