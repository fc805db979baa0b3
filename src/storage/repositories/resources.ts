import { and, count, eq, not, sql, type SQL } from 'drizzle-orm';
import type { ResourceRepository } from '../../domain/resources/repository';
import type { Resource, ResourceFilter } from '../../domain/resources/resource';
import { asOp, chunk, inList, rowsPerInsert, type Db } from '../db';
import { resourceAuthorizations, resources } from '../schema';
import { offsetOf, orderBy, startsWith } from './sorting';

const toResource = (r: typeof resources.$inferSelect): Resource => ({
  resourceId: r.resourceId,
  path: r.path,
  uiPath: r.uiPath,
  name: r.name,
  description: r.description,
  priority: r.priority,
  metadata: r.metadata,
  createdAt: r.createdAt,
});

const columns = {
  resourceId: resources.resourceId,
  path: resources.path,
  uiPath: resources.uiPath,
  name: resources.name,
  description: resources.description,
  priority: resources.priority,
  createdAt: resources.createdAt,
};

/** Prefix of a uiPath being moved (P3: a valid uiPath starts with `/`). */
const PARKED = '#';

export function createResourceRepository(db: Db): ResourceRepository {
  const mine = (tenantId: string) => eq(resources.tenantId, tenantId);
  const ra = resourceAuthorizations;

  function where(tenantId: string, f: ResourceFilter): SQL {
    const conds: SQL[] = [mine(tenantId)];
    if (f.resourceIds?.length) conds.push(inList(resources.resourceId, f.resourceIds));
    if (f.resourceIdPreLike) conds.push(startsWith(resources.resourceId, f.resourceIdPreLike));
    if (f.path) conds.push(eq(resources.path, f.path));
    if (f.pathPrefix) conds.push(startsWith(resources.path, f.pathPrefix));
    if (f.paths?.length) conds.push(inList(resources.path, f.paths));
    if (f.uiPath) conds.push(eq(resources.uiPath, f.uiPath));
    if (f.uiPaths?.length) conds.push(inList(resources.uiPath, f.uiPaths));
    if (f.grant) {
      const g: SQL[] = [eq(ra.tenantId, tenantId), sql`${ra.resourceId} = ${resources.resourceId}`];
      if (f.grant.roleIds) g.push(f.grant.roleIds.length ? inList(ra.roleId, f.grant.roleIds) : sql`0`);
      if (f.grant.operationIds?.length) g.push(inList(ra.operationId, f.grant.operationIds));
      conds.push(sql`EXISTS (SELECT 1 FROM ${ra} WHERE ${and(...g)})`);
    }
    return and(...conds)!;
  }

  return {
    async findMany(tenantId, resourceIds) {
      if (resourceIds.length === 0) return new Map();
      const rows = await db.select().from(resources).where(and(mine(tenantId), inList(resources.resourceId, resourceIds)));
      return new Map(rows.map((r) => [r.resourceId, toResource(r)]));
    },
    async all(tenantId) {
      return (await db.select().from(resources).where(mine(tenantId)).orderBy(resources.uiPath)).map(toResource);
    },
    async search(tenantId, filter, page) {
      const w = where(tenantId, filter);
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(resources).where(w),
        db
          .select()
          .from(resources)
          .where(w)
          .orderBy(...orderBy(page.sort, columns, [resources.resourceId]))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows.map(toResource) };
    },
    async list(tenantId, filter) {
      return (await db.select().from(resources).where(where(tenantId, filter)).orderBy(resources.uiPath)).map(toResource);
    },
    async grantsOf(tenantId, resourceIds) {
      if (resourceIds.length === 0) return [];
      return db
        .select({ resourceId: ra.resourceId, roleId: ra.roleId, operationId: ra.operationId, createdAt: ra.createdAt })
        .from(ra)
        .where(and(eq(ra.tenantId, tenantId), inList(ra.resourceId, resourceIds)))
        .orderBy(ra.resourceId, ra.roleId, ra.operationId);
    },
    async taken(tenantId, probe, except = []) {
      const conds = [mine(tenantId)];
      if (except.length) conds.push(not(inList(resources.resourceId, except)));
      const rows = await db
        .select({ resourceId: resources.resourceId, path: resources.path, uiPath: resources.uiPath })
        .from(resources)
        .where(
          and(
            ...conds,
            sql`(${inList(resources.resourceId, probe.resourceIds)} OR ${inList(resources.path, probe.paths)} OR ${inList(resources.uiPath, probe.uiPaths)})`,
          ),
        );
      const ids = new Set(probe.resourceIds);
      const paths = new Set(probe.paths);
      const uiPaths = new Set(probe.uiPaths);
      return {
        resourceIds: new Set(rows.map((r) => r.resourceId).filter((x) => ids.has(x))),
        paths: new Set(rows.map((r) => r.path).filter((x) => paths.has(x))),
        uiPaths: new Set(rows.map((r) => r.uiPath).filter((x) => uiPaths.has(x))),
      };
    },

    insert(tenantId, r) {
      return asOp(db.insert(resources).values({ tenantId, ...r }));
    },
    update(tenantId, resourceId, patch) {
      return asOp(db.update(resources).set(patch).where(and(mine(tenantId), eq(resources.resourceId, resourceId))));
    },
    moveSubtree(tenantId, from, to) {
      // The unique uiPath index is checked row by row, so rewriting in place could hit a row of
      // the same subtree not yet rewritten (moving /X/A to /X: /X/A/A becomes /X/A while /X/A
      // still exists). Park the subtree under a prefix no valid uiPath has, then place it.
      const prefix = from === '/' ? '/' : `${from}/`;
      const target = to === '/' ? '/' : `${to}/`;
      const inSubtree = (p: string) => sql`(${resources.uiPath} = ${p + from} OR ${startsWith(resources.uiPath, p + prefix)})`;
      return [
        asOp(db.update(resources).set({ uiPath: sql`${PARKED} || ${resources.uiPath}` }).where(and(mine(tenantId), inSubtree('')))),
        asOp(
          db
            .update(resources)
            .set({
              uiPath: sql`CASE WHEN ${resources.uiPath} = ${PARKED + from} THEN ${to} ELSE ${target} || substr(${resources.uiPath}, ${[...(PARKED + prefix)].length + 1}) END`,
            })
            .where(and(mine(tenantId), inSubtree(PARKED))),
        ),
      ];
    },
    renameGrants(tenantId, from, to) {
      return asOp(db.update(ra).set({ resourceId: to }).where(and(eq(ra.tenantId, tenantId), eq(ra.resourceId, from))));
    },
    delete(tenantId, resourceIds) {
      return [
        asOp(db.delete(ra).where(and(eq(ra.tenantId, tenantId), inList(ra.resourceId, resourceIds)))),
        asOp(db.delete(resources).where(and(mine(tenantId), inList(resources.resourceId, resourceIds)))),
      ];
    },
    insertGrants(tenantId, grants) {
      return chunk(grants.map((g) => ({ tenantId, ...g })), rowsPerInsert(5)).map((part) => asOp(db.insert(ra).values(part)));
    },
    deleteGrant(tenantId, g) {
      return asOp(
        db.delete(ra).where(and(eq(ra.tenantId, tenantId), eq(ra.resourceId, g.resourceId), eq(ra.roleId, g.roleId), eq(ra.operationId, g.operationId))),
      );
    },
  };
}
