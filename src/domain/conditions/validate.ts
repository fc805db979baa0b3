import { DomainError } from '../errors';
import { assertId } from '../ids';
import type { Deps } from '../ports';
import type { Condition, DataType } from './condition';
import { operatorRule } from './operators';
import { isValidValue, parseCidr, parseDateTime, parseIp, parseNumeric, parseTime } from './values';

const ordered = (a: number | bigint | undefined, b: number | bigint | undefined) => a !== undefined && b !== undefined && a <= b;

/**
 * Write-time check of one condition against its attribute's data type (semantics §6.3):
 * the operator must be allowed (`21001`), the values well-formed and of the right count (`21002`).
 */
export function checkConditionValues(dataType: DataType, condition: Condition): void {
  const op = condition.attributeOperatorTypeCode;
  const rule = operatorRule(dataType, op);
  if (!rule) {
    throw new DomainError('condition.operator_not_allowed', `operator ${op} is not allowed for ${dataType} attribute ${condition.attributeId}`);
  }
  const values = condition.attributeValues;
  const bad = (why: string) => new DomainError('condition.value_invalid', `attribute ${condition.attributeId}: ${why}`);
  if (values.length < rule.min || values.length > rule.max) {
    throw bad(`${op} takes ${rule.min === rule.max ? rule.min : `${rule.min} to ${rule.max}`} value(s), got ${values.length}`);
  }
  const cidrAllowed = dataType === 'IPADDRESS' && (op === 'ALLOW' || op === 'NOT_ALLOW');
  for (const v of values) {
    const valid = cidrAllowed ? parseCidr(v) !== undefined : isValidValue(dataType, v);
    if (!valid) throw bad(`"${v}" is not a valid ${dataType} value`);
  }
  if ((op === 'BETWEEN' || op === 'BEYOND') && dataType !== 'TIME') {
    const [a = '', b = ''] = values;
    const inOrder =
      dataType === 'NUMERIC'
        ? ordered(parseNumeric(a), parseNumeric(b))
        : dataType === 'DATETIME'
          ? ordered(parseDateTime(a), parseDateTime(b))
          : (() => {
              const [x, y] = [parseIp(a), parseIp(b)];
              return !!x && !!y && x.family === y.family && x.value <= y.value;
            })();
    if (!inOrder) throw bad(`${op} needs the lower bound first`);
  }
  if (dataType === 'TIME' && values.some((v) => parseTime(v) === undefined)) throw bad('time values are HH:mm or HH:mm:ss');
}

/** What validation needs to know of an attribute. `roleIds` empty = COMMON_ATTRIBUTE (A3). */
export interface AttributeDefinition {
  attributeId: string;
  dataType: DataType;
  roleIds: string[];
}

/**
 * Validates the conditions of relations before they are written (U2, A2, A3, §6.3): every
 * attribute exists and is available to the role the relation constrains (`20001`), and every
 * condition fits its attribute's data type. One lookup for the whole request.
 */
export async function validateRelationConditions(
  deps: Deps,
  tenantId: string,
  relations: { constrainedRoleId: string; conditions: Condition[] }[],
): Promise<void> {
  const ids = [...new Set(relations.flatMap((r) => r.conditions.map((c) => c.attributeId)))];
  if (ids.length === 0) return;
  for (const id of ids) assertId('attributeId', id);
  const definitions = await deps.repos.attributes.definitions(tenantId, ids);
  for (const relation of relations) {
    for (const condition of relation.conditions) {
      const def = definitions.get(condition.attributeId);
      if (!def) throw new DomainError('attribute.not_found', `attribute ${condition.attributeId} not found`);
      if (def.roleIds.length > 0 && !def.roleIds.includes(relation.constrainedRoleId)) {
        throw new DomainError(
          'attribute.not_found',
          `attribute ${condition.attributeId} is not available to role ${relation.constrainedRoleId}`,
        );
      }
      checkConditionValues(def.dataType, condition);
    }
  }
}

/** `POST .../attributes/condition/validate` (C4): existence and values, not role availability. */
export async function validateConditions(deps: Deps, tenantId: string, conditions: Condition[]): Promise<void> {
  const ids = [...new Set(conditions.map((c) => c.attributeId))];
  // ID5: a malformed id is a 400, before any lookup.
  for (const id of ids) assertId('attributeId', id);
  const definitions = await deps.repos.attributes.definitions(tenantId, ids);
  for (const condition of conditions) {
    const def = definitions.get(condition.attributeId);
    if (!def) throw new DomainError('attribute.not_found', `attribute ${condition.attributeId} not found`);
    checkConditionValues(def.dataType, condition);
  }
}
