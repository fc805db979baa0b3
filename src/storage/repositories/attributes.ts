import { and, eq } from 'drizzle-orm';
import type { AttributeRepository } from '../../domain/attributes/repository';
import type { AttributeDefinition } from '../../domain/conditions/validate';
import { inList, type Db } from '../db';
import { attributeRoles, attributes } from '../schema';

export function createAttributeRepository(db: Db): AttributeRepository {
  return {
    async definitions(tenantId, attributeIds) {
      if (attributeIds.length === 0) return new Map();
      const [defs, roles] = await Promise.all([
        db
          .select({ attributeId: attributes.attributeId, dataType: attributes.dataType })
          .from(attributes)
          .where(and(eq(attributes.tenantId, tenantId), inList(attributes.attributeId, attributeIds))),
        db
          .select({ attributeId: attributeRoles.attributeId, roleId: attributeRoles.roleId })
          .from(attributeRoles)
          .where(and(eq(attributeRoles.tenantId, tenantId), inList(attributeRoles.attributeId, attributeIds))),
      ]);
      const out = new Map<string, AttributeDefinition>();
      for (const d of defs) out.set(d.attributeId, { attributeId: d.attributeId, dataType: d.dataType, roleIds: [] });
      for (const r of roles) out.get(r.attributeId)?.roleIds.push(r.roleId);
      return out;
    },
  };
}
