import { and, count, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AuditActor, AuditEntry, AuditFace, AuditFilter, AuditRepository, AuditTrail } from '../../domain/audit/audit';
import { asOp, type Db } from '../db';
import { auditLog } from '../schema';
import { offsetOf, startsWith } from './sorting';

type Row = typeof auditLog.$inferSelect;

function toEntry(r: Row): AuditEntry {
  const actor: AuditActor = { kind: r.actorKind as AuditActor['kind'], id: r.actorId, clientId: r.clientId, tenantId: r.actorTenantId };
  return {
    id: r.id,
    tenantId: r.tenantId,
    organizationId: r.organizationId,
    at: r.at,
    revision: r.revision,
    face: r.face as AuditFace,
    actor,
    operatorUuid: r.operatorUuid,
    action: r.action,
    target: JSON.parse(r.target) as Record<string, string>,
    requestId: r.requestId,
  };
}

function conditions(trail: AuditTrail, f: AuditFilter): SQL {
  const a = auditLog;
  const parts: (SQL | undefined)[] = ['tenantId' in trail ? eq(a.tenantId, trail.tenantId) : eq(a.organizationId, trail.organizationId)];
  if (f.actor !== undefined) parts.push(or(eq(a.actorKind, f.actor), eq(a.actorId, f.actor), eq(a.clientId, f.actor), eq(a.operatorUuid, f.actor)));
  if (f.face !== undefined) parts.push(eq(a.face, f.face));
  if (f.action !== undefined) parts.push(f.action.endsWith('*') ? startsWith(a.action, f.action.slice(0, -1)) : eq(a.action, f.action));
  if (f.since !== undefined) parts.push(gte(a.at, f.since));
  if (f.until !== undefined) parts.push(lt(a.at, f.until));
  return and(...parts)!;
}

export function createAuditRepository(db: Db): AuditRepository {
  const a = auditLog;
  return {
    insert(e) {
      return asOp(
        db.insert(a).values({
          id: e.id,
          tenantId: e.tenantId,
          organizationId: e.organizationId,
          at: e.at,
          revision: e.revision,
          face: e.face,
          actorKind: e.actor.kind,
          actorId: e.actor.id,
          clientId: e.actor.clientId ?? null,
          actorTenantId: e.actor.tenantId ?? null,
          operatorUuid: e.operatorUuid,
          action: e.action,
          target: JSON.stringify(e.target),
          requestId: e.requestId,
        }),
      );
    },
    setRevision(id, revision) {
      return asOp(db.update(a).set({ revision }).where(eq(a.id, id)));
    },
    delete(id) {
      return asOp(db.delete(a).where(eq(a.id, id)));
    },
    async list(trail, filter, page) {
      const where = conditions(trail, filter);
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(a).where(where),
        // Newest first; rows of one millisecond in the order they were written (rowid).
        db.select().from(a).where(where).orderBy(desc(a.at), desc(sql`rowid`)).limit(page.itemsPerPage).offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows.map(toEntry) };
    },
  };
}
