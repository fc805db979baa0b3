import { and, count, eq, or, sql, type SQL } from 'drizzle-orm';
import type { NamedRoleRecord, NamedRoleRepository } from '../../domain/roles/named-role';
import { asOp, inList, type Db } from '../db';
import { roles, writeGuards } from '../schema';
import { containsInsensitive, offsetOf, orderBy } from './sorting';

/** The display name: `roleName`, or the role id of a role created without one. */
const displayName = sql<string>`coalesce(${roles.roleName}, ${roles.roleId})`;
const lastUpdate = sql<string>`coalesce(${roles.updatedAt}, ${roles.createdAt})`;

const view = { roleId: roles.roleId, name: displayName, description: roles.description, createdAt: roles.createdAt, updatedAt: lastUpdate };

export function createNamedRoleRepository(db: Db): NamedRoleRepository {
  const mine = (tenantId: string) => eq(roles.tenantId, tenantId);
  return {
    async findMany(tenantId, roleIds) {
      if (roleIds.length === 0) return new Map();
      const rows: NamedRoleRecord[] = await db.select(view).from(roles).where(and(mine(tenantId), inList(roles.roleId, roleIds)));
      return new Map(rows.map((r) => [r.roleId, r]));
    },
    async list(tenantId, f, page) {
      const conds: SQL[] = [mine(tenantId)];
      if (f.roleIds?.length) conds.push(inList(roles.roleId, f.roleIds));
      if (f.names?.length) conds.push(or(...f.names.map((m) => (m.exact ? sql`${displayName} = ${m.value}` : containsInsensitive(displayName, m.value))))!);
      const where = and(...conds);
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(roles).where(where),
        db
          .select(view)
          .from(roles)
          .where(where)
          .orderBy(...orderBy(page.sort, { name: displayName, createdAt: roles.createdAt, updatedAt: lastUpdate }, [roles.roleId]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows };
    },
    async idsNamed(tenantId, name) {
      const rows = await db.select({ id: roles.roleId }).from(roles).where(and(mine(tenantId), sql`${displayName} = ${name}`));
      return rows.map((r) => r.id);
    },
    nameStaysUnique(tenantId, name) {
      // One aggregate row over the holders of the name (min() makes the query an aggregate), kept only when there is more than one.
      const broken = db
        .select({ rule: sql<string>`min('role names are unique')`.as('rule') })
        .from(roles)
        .where(and(mine(tenantId), sql`${displayName} = ${name}`))
        .having(sql`count(*) > 1`);
      return asOp(db.insert(writeGuards).select(broken));
    },
    touch(tenantId, roleId, at) {
      return asOp(db.update(roles).set({ updatedAt: at }).where(and(mine(tenantId), eq(roles.roleId, roleId))));
    },
  };
}
