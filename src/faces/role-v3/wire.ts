import { z } from '@hono/zod-openapi';
import type { AttributeSummary } from '../../domain/attributes/attribute';
import { DATA_TYPES, OPERATORS } from '../../domain/conditions/condition';
import type { ConditionView } from '../../domain/roles/views';

/** E9: `YYYY-MM-DDTHH:mm:ss.SSS+00:00` in UTC. */
export function wireTime(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+00:00');
}

export const policySchema = z.enum(['ALLOW', 'DENY']);
export const searchRoleOptionSchema = z.enum(['DIRECT_ROLE', 'INDIRECT_ROLE']);

/** ConditionProtocol (request). */
export const conditionSchema = z
  .object({
    attributeId: z.string(),
    attributeOperatorTypeCode: z.enum(OPERATORS),
    attributeValues: z.array(z.string()).nullish().transform((v) => v ?? []),
  })
  .openapi('ConditionProtocol');

export const conditionsSchema = z.array(conditionSchema).nullish();

export const AttributeProtocol = z
  .object({
    attributeId: z.string(),
    attributeName: z.string().nullable(),
    description: z.string().nullable(),
    attributeCreationTypeCode: z.enum(['COMMON_ATTRIBUTE', 'ROLE_ATTRIBUTE']),
    attributeDataTypeCode: z.enum(DATA_TYPES),
  })
  .openapi('AttributeProtocol');

export const ConditionBundleProtocol = z
  .object({
    attributeId: z.string(),
    attributeOperatorTypeCode: z.enum(OPERATORS),
    attributeValues: z.array(z.string()),
    attribute: AttributeProtocol.nullable(),
  })
  .openapi('ConditionBundleProtocol');

export const RoleTagProtocol = z.object({ roleTagId: z.string() }).openapi('RoleTagProtocol');

export function attributeWire(a: AttributeSummary) {
  return {
    attributeId: a.attributeId,
    attributeName: a.attributeName,
    description: a.description,
    attributeCreationTypeCode: a.creationType,
    attributeDataTypeCode: a.dataType,
  };
}

export function conditionWire(c: ConditionView) {
  return {
    attributeId: c.attributeId,
    attributeOperatorTypeCode: c.attributeOperatorTypeCode,
    attributeValues: c.attributeValues,
    attribute: c.attribute ? attributeWire(c.attribute) : null,
  };
}

/** Repeated or comma-separated list query parameter (L5). */
export { listParam } from './paging';
