import { and, eq } from 'drizzle-orm';
import type { AttributeSummary } from '../../domain/attributes/attribute';
import type { AttributeRepository } from '../../domain/attributes/repository';
import type { AttributeDefinition } from '../../domain/conditions/validate';
import { inList, type Db } from '../db';
import { attributeRoles, attributes } from '../schema';

export function createAttributeRepository(db: Db): AttributeRepository {
  async function rolesOf(tenantId: string, attributeIds: string[]) {
    const rows = await db
      .select({ attributeId: attributeRoles.attributeId, roleId: attributeRoles.roleId })
      .from(attributeRoles)
      .where(and(eq(attributeRoles.tenantId, tenantId), inList(attributeRoles.attributeId, attributeIds)))
      .orderBy(attributeRoles.attributeId, attributeRoles.roleId);
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.attributeId, [...(out.get(r.attributeId) ?? []), r.roleId]);
    return out;
  }

  async function summaries(tenantId: string, attributeIds: string[]): Promise<Map<string, AttributeSummary>> {
    if (attributeIds.length === 0) return new Map();
    const [rows, roles] = await Promise.all([
      db.select().from(attributes).where(and(eq(attributes.tenantId, tenantId), inList(attributes.attributeId, attributeIds))),
      rolesOf(tenantId, attributeIds),
    ]);
    return new Map(
      rows.map((a) => [
        a.attributeId,
        {
          attributeId: a.attributeId,
          attributeName: a.attributeName,
          description: a.description,
          dataType: a.dataType,
          creationType: roles.has(a.attributeId) ? 'ROLE_ATTRIBUTE' : 'COMMON_ATTRIBUTE',
        },
      ]),
    );
  }

  return {
    async definitions(tenantId, attributeIds) {
      if (attributeIds.length === 0) return new Map();
      const [defs, roles] = await Promise.all([
        db
          .select({ attributeId: attributes.attributeId, dataType: attributes.dataType })
          .from(attributes)
          .where(and(eq(attributes.tenantId, tenantId), inList(attributes.attributeId, attributeIds))),
        rolesOf(tenantId, attributeIds),
      ]);
      const out = new Map<string, AttributeDefinition>();
      for (const d of defs) out.set(d.attributeId, { attributeId: d.attributeId, dataType: d.dataType, roleIds: roles.get(d.attributeId) ?? [] });
      return out;
    },
    summaries,
    async relatedToRoles(tenantId, roleIds) {
      const out = new Map<string, AttributeSummary[]>();
      if (roleIds.length === 0) return out;
      const links = await db
        .select({ attributeId: attributeRoles.attributeId, roleId: attributeRoles.roleId })
        .from(attributeRoles)
        .where(and(eq(attributeRoles.tenantId, tenantId), inList(attributeRoles.roleId, roleIds)))
        .orderBy(attributeRoles.attributeId);
      const byId = await summaries(tenantId, [...new Set(links.map((l) => l.attributeId))]);
      for (const l of links) {
        const s = byId.get(l.attributeId);
        if (s) out.set(l.roleId, [...(out.get(l.roleId) ?? []), s]);
      }
      return out;
    },
  };
}
