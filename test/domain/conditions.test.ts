import { describe, expect, it } from 'vitest';
import type { Condition, DataType, Operator } from '../../src/domain/conditions/condition';
import { evaluateCondition } from '../../src/domain/conditions/evaluate';
import { checkConditionValues } from '../../src/domain/conditions/validate';
import { DomainError } from '../../src/domain/errors';

const cond = (op: Operator, values: string[]): Condition => ({ attributeId: 'a', attributeOperatorTypeCode: op, attributeValues: values });

/** [data type, operator, condition values, request value (undefined = missing), expected] — semantics §6.3/§6.4. */
const EVALUATION: [DataType, Operator, string[], string | undefined, 'TRUE' | 'FALSE' | 'UNKNOWN'][] = [
  ['STRING', 'ANY_MATCH', ['a', 'b'], 'b', 'TRUE'],
  ['STRING', 'ANY_MATCH', ['a', 'b'], 'B', 'FALSE'],
  ['STRING', 'NONE_MATCH', ['a', 'b'], 'c', 'TRUE'],
  ['STRING', 'NONE_MATCH', ['a'], 'a', 'FALSE'],
  ['STRING', 'ANY_CONTAINS', ['foo', 'bar'], 'xbarx', 'TRUE'],
  ['STRING', 'ALL_CONTAINS', ['foo', 'bar'], 'foobar', 'TRUE'],
  ['STRING', 'ALL_CONTAINS', ['foo', 'bar'], 'foo', 'FALSE'],
  ['STRING', 'NOT_CONTAINS', ['foo'], 'bar', 'TRUE'],
  ['STRING', 'NOT_CONTAINS', ['foo'], 'afoo', 'FALSE'],
  ['STRING', 'NONE_MATCH', ['a'], undefined, 'UNKNOWN'],
  ['NUMERIC', 'ANY_MATCH', ['1.0', '2'], '1', 'TRUE'],
  ['NUMERIC', 'NONE_MATCH', ['1'], '2', 'TRUE'],
  ['NUMERIC', 'GREATER_THAN', ['5'], '6', 'TRUE'],
  ['NUMERIC', 'GREATER_THAN', ['5'], '5', 'FALSE'],
  ['NUMERIC', 'GREATER_THAN_OR_EQUAL_TO', ['5'], '5', 'TRUE'],
  ['NUMERIC', 'LESS_THAN', ['5'], '-1', 'TRUE'],
  ['NUMERIC', 'LESS_THAN_OR_EQUAL_TO', ['5'], '5.01', 'FALSE'],
  ['NUMERIC', 'BETWEEN', ['1', '3'], '3', 'TRUE'],
  ['NUMERIC', 'BETWEEN', ['1', '3'], '4', 'FALSE'],
  ['NUMERIC', 'BEYOND', ['1', '3'], '4', 'TRUE'],
  ['NUMERIC', 'BEYOND', ['1', '3'], '2', 'FALSE'],
  ['NUMERIC', 'GREATER_THAN', ['5'], 'five', 'UNKNOWN'],
  ['NUMERIC', 'BEYOND', ['1', '3'], '1e3', 'UNKNOWN'],
  ['DAY_OF_WEEK', 'ANY_MATCH', ['MONDAY', 'friday'], 'Friday', 'TRUE'],
  ['DAY_OF_WEEK', 'NONE_MATCH', ['MONDAY'], 'SUNDAY', 'TRUE'],
  ['DAY_OF_WEEK', 'NONE_MATCH', ['MONDAY'], 'FUNDAY', 'UNKNOWN'],
  ['DATETIME', 'GREATER_THAN', ['2026-01-01T00:00:00Z'], '2026-01-01T09:00:01+09:00', 'TRUE'],
  ['DATETIME', 'LESS_THAN', ['2026-01-01T00:00Z'], '2025-12-31T23:59:59.999Z', 'TRUE'],
  ['DATETIME', 'BETWEEN', ['2026-01-01T00:00:00', '2026-01-02T00:00:00'], '2026-01-02T00:00:00Z', 'TRUE'],
  ['DATETIME', 'BEYOND', ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'], '2026-01-03T00:00:00Z', 'TRUE'],
  ['DATETIME', 'GREATER_THAN', ['2026-01-01T00:00:00Z'], '2026-02-30T00:00:00Z', 'UNKNOWN'],
  ['TIME', 'GREATER_THAN_OR_EQUAL_TO', ['09:00'], '09:00:00', 'TRUE'],
  ['TIME', 'BETWEEN', ['09:00', '18:00'], '12:30', 'TRUE'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], '23:00', 'TRUE'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], '05:59:59', 'TRUE'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], '12:00', 'FALSE'],
  ['TIME', 'BEYOND', ['22:00', '06:00'], '12:00', 'TRUE'],
  ['TIME', 'LESS_THAN', ['09:00'], '25:00', 'UNKNOWN'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8', '192.168.1.1'], '10.255.0.1', 'TRUE'],
  ['IPADDRESS', 'ALLOW', ['192.168.1.1'], '192.168.1.2', 'FALSE'],
  ['IPADDRESS', 'NOT_ALLOW', ['10.0.0.0/8'], '11.0.0.1', 'TRUE'],
  ['IPADDRESS', 'ALLOW', ['2001:db8::/32'], '2001:db8:0:1::5', 'TRUE'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8'], '::ffff:10.0.0.1', 'FALSE'],
  ['IPADDRESS', 'NOT_ALLOW', ['10.0.0.0/8'], '2001:db8::1', 'TRUE'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.1', '10.0.0.9'], '10.0.0.9', 'TRUE'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.1', '10.0.0.9'], '::1', 'FALSE'],
  ['IPADDRESS', 'BEYOND', ['10.0.0.1', '10.0.0.9'], '10.0.0.10', 'TRUE'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8'], '10.0.0.256', 'UNKNOWN'],
  ['IPADDRESS', 'NOT_ALLOW', ['10.0.0.0/8'], undefined, 'UNKNOWN'],
  ['BOOLEAN', 'TRUE', [], 'true', 'TRUE'],
  ['BOOLEAN', 'TRUE', [], 'FALSE', 'FALSE'],
  ['BOOLEAN', 'FALSE', [], 'false', 'TRUE'],
  ['BOOLEAN', 'FALSE', [], 'no', 'UNKNOWN'],
];

describe('condition evaluation per operator x data type (§6.3, C2)', () => {
  it.each(EVALUATION)('%s %s %j with %j is %s', (type, op, values, q, expected) => {
    expect(evaluateCondition(type, cond(op, values), q)).toBe(expected);
  });
});

/** [data type, operator, values, expected resultCode or 'ok'] — write-time checks. */
const VALIDATION: [DataType, string, string[], 'ok' | 'condition.operator_not_allowed' | 'condition.value_invalid'][] = [
  ['STRING', 'ANY_MATCH', ['x'], 'ok'],
  ['STRING', 'ANY_MATCH', [], 'condition.value_invalid'],
  ['STRING', 'GREATER_THAN', ['x'], 'condition.operator_not_allowed'],
  ['STRING', 'ANY_MATCH', Array.from({ length: 101 }, () => 'x'), 'condition.value_invalid'],
  ['NUMERIC', 'BETWEEN', ['1', '2'], 'ok'],
  ['NUMERIC', 'BETWEEN', ['2', '1'], 'condition.value_invalid'],
  ['NUMERIC', 'GREATER_THAN', ['1', '2'], 'condition.value_invalid'],
  ['NUMERIC', 'LESS_THAN', ['abc'], 'condition.value_invalid'],
  ['NUMERIC', 'ALLOW', ['1'], 'condition.operator_not_allowed'],
  ['DAY_OF_WEEK', 'ANY_MATCH', ['MONDAY', 'TUESDAY'], 'ok'],
  ['DAY_OF_WEEK', 'ANY_MATCH', ['MONDAYS'], 'condition.value_invalid'],
  ['DAY_OF_WEEK', 'BETWEEN', ['MONDAY', 'FRIDAY'], 'condition.operator_not_allowed'],
  ['DATETIME', 'BEYOND', ['2026-01-01T00:00:00Z', '2026-06-01T00:00:00+09:00'], 'ok'],
  ['DATETIME', 'LESS_THAN', ['yesterday'], 'condition.value_invalid'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], 'ok'],
  ['TIME', 'BETWEEN', ['22:00'], 'condition.value_invalid'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8', 'fe80::/10'], 'ok'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/33'], 'condition.value_invalid'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.0/8', '10.0.0.9'], 'condition.value_invalid'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.9', '10.0.0.1'], 'condition.value_invalid'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.1', '::1'], 'condition.value_invalid'],
  ['BOOLEAN', 'TRUE', [], 'ok'],
  ['BOOLEAN', 'TRUE', ['true'], 'condition.value_invalid'],
  ['BOOLEAN', 'ANY_MATCH', ['true'], 'condition.operator_not_allowed'],
];

describe('write-time condition validation (§6.3, 21001/21002)', () => {
  it.each(VALIDATION)('%s %s %j -> %s', (type, op, values, expected) => {
    const run = () => checkConditionValues(type, cond(op as Operator, values));
    if (expected === 'ok') expect(run).not.toThrow();
    else {
      try {
        run();
        expect.unreachable('should have thrown');
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).code).toBe(expected);
      }
    }
  });
});
