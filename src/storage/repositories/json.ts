import type { Condition } from '../../domain/conditions/condition';

/** Conditions are stored as a JSON array; a row written by this code always parses. */
export function parseConditions(text: string): Condition[] {
  return JSON.parse(text) as Condition[];
}

export function stringifyConditions(conditions: Condition[]): string {
  return JSON.stringify(
    conditions.map((c) => ({
      attributeId: c.attributeId,
      attributeOperatorTypeCode: c.attributeOperatorTypeCode,
      attributeValues: c.attributeValues,
    })),
  );
}
