import { z } from '@hono/zod-openapi';
import type { AttributeRoleLink, AttributeSortField, AttributeTag } from '../../domain/attributes/attribute';
import type { AttributeBundle } from '../../domain/attributes/attributes';
import type { Role } from '../../domain/roles/role';
import { pagingQuery } from './paging';
import { AttributeProtocol, attributeWire, wireTime } from './wire';

export const AttributeRoleRelationProtocol = z
  .object({
    attributeId: z.string(),
    roleId: z.string(),
    roleName: z.string().nullable(),
    roleGroup: z.string().nullable(),
    description: z.string().nullable(),
    exposureOrder: z.number().int(),
    regYmdt: z.string(),
  })
  .openapi('AttributeRoleRelationProtocol');

export const AttributeTagProtocol = z
  .object({ attributeId: z.string(), attributeTagId: z.string(), regYmdt: z.string() })
  .openapi('AttributeTagProtocol');

export const AttributeBundleProtocol = AttributeProtocol.extend({
  attributeRoleRelations: z.array(AttributeRoleRelationProtocol),
  attributeTags: z.array(AttributeTagProtocol),
}).openapi('AttributeBundleProtocol');

export function attributeRoleWire(l: AttributeRoleLink & { role: Role }) {
  return {
    attributeId: l.attributeId,
    roleId: l.roleId,
    roleName: l.role.roleName,
    roleGroup: l.role.roleGroup,
    description: l.role.description,
    exposureOrder: l.role.exposureOrder,
    regYmdt: wireTime(l.createdAt),
  };
}

export const attributeTagWire = (t: AttributeTag) => ({ attributeId: t.attributeId, attributeTagId: t.attributeTagId, regYmdt: wireTime(t.createdAt) });

export function attributeBundleWire(a: AttributeBundle) {
  return {
    ...attributeWire(a),
    attributeRoleRelations: a.roles.map(attributeRoleWire),
    attributeTags: a.tags.map(attributeTagWire),
  };
}

export const attributeSortFields: Record<string, AttributeSortField> = {
  'id.attributeId': 'attributeId',
  attributeId: 'attributeId',
  attributeName: 'attributeName',
  description: 'description',
  attributeCreationTypeCode: 'creationType',
  attributeDataTypeCode: 'dataType',
  regYmdt: 'createdAt',
};

export const attributeSort = pagingQuery(attributeSortFields, [{ field: 'attributeId', direction: 'ASC' }]);
