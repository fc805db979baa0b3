import { describe, expect, it } from 'vitest';
import { DATA_TYPES, OPERATORS, type Condition, type DataType, type Operator } from '../../src/domain/conditions/condition';
import { evaluateCondition } from '../../src/domain/conditions/evaluate';
import { OPERATORS_BY_TYPE } from '../../src/domain/conditions/operators';
import { checkConditionValues } from '../../src/domain/conditions/validate';
import { parseCidr, parseDateTime, parseIp, parseTime } from '../../src/domain/conditions/values';
import { DomainError } from '../../src/domain/errors';

type Truth = 'TRUE' | 'FALSE' | 'UNKNOWN';
const cond = (op: Operator, values: string[]): Condition => ({ attributeId: 'a', attributeOperatorTypeCode: op, attributeValues: values });
const times = (n: number, value = 'x') => Array.from({ length: n }, () => value);
const comparisons = ['GREATER_THAN', 'GREATER_THAN_OR_EQUAL_TO', 'LESS_THAN', 'LESS_THAN_OR_EQUAL_TO'] as const;

/**
 * Semantics §6.3, written out by hand from the spec (not derived from the implementation):
 * operator -> [min, max] value count, per data type.
 */
const SPEC: Record<DataType, Partial<Record<Operator, [number, number]>>> = {
  STRING: { ANY_MATCH: [1, 100], NONE_MATCH: [1, 100], ANY_CONTAINS: [1, 100], ALL_CONTAINS: [1, 100], NOT_CONTAINS: [1, 100] },
  NUMERIC: {
    ANY_MATCH: [1, 100],
    NONE_MATCH: [1, 100],
    GREATER_THAN: [1, 1],
    GREATER_THAN_OR_EQUAL_TO: [1, 1],
    LESS_THAN: [1, 1],
    LESS_THAN_OR_EQUAL_TO: [1, 1],
    BETWEEN: [2, 2],
    BEYOND: [2, 2],
  },
  DAY_OF_WEEK: { ANY_MATCH: [1, 7], NONE_MATCH: [1, 7] },
  DATETIME: { GREATER_THAN: [1, 1], GREATER_THAN_OR_EQUAL_TO: [1, 1], LESS_THAN: [1, 1], LESS_THAN_OR_EQUAL_TO: [1, 1], BETWEEN: [2, 2], BEYOND: [2, 2] },
  TIME: { GREATER_THAN: [1, 1], GREATER_THAN_OR_EQUAL_TO: [1, 1], LESS_THAN: [1, 1], LESS_THAN_OR_EQUAL_TO: [1, 1], BETWEEN: [2, 2], BEYOND: [2, 2] },
  IPADDRESS: { ALLOW: [1, 100], NOT_ALLOW: [1, 100], BETWEEN: [2, 2], BEYOND: [2, 2] },
  BOOLEAN: { TRUE: [0, 0], FALSE: [0, 0] },
};
const specPairs = DATA_TYPES.flatMap((type) => Object.keys(SPEC[type]).map((op) => [type, op as Operator] as const));

describe('operators by data type (§6.3)', () => {
  it('OPERATORS_BY_TYPE is exactly the table of the semantics, value counts included', () => {
    for (const type of DATA_TYPES) {
      const table = Object.fromEntries(OPERATORS_BY_TYPE[type].map((r) => [r.operatorTypeCode, [r.min, r.max]]));
      expect(table, type).toEqual(SPEC[type]);
    }
  });
});

/** [data type, operator, condition values, request value (undefined = missing), expected] — §6.3, C2. */
const EVALUATION: [DataType, Operator, string[], string | undefined, Truth][] = [
  // STRING: exact, case-sensitive, no normalisation; request values over 1024 characters are malformed.
  ['STRING', 'ANY_MATCH', ['a', 'b'], 'b', 'TRUE'],
  ['STRING', 'ANY_MATCH', [''], '', 'TRUE'],
  ['STRING', 'ANY_MATCH', ['a', 'b'], 'B', 'FALSE'],
  ['STRING', 'ANY_MATCH', ['a'], ' a', 'FALSE'],
  ['STRING', 'ANY_MATCH', ['a'], undefined, 'UNKNOWN'],
  ['STRING', 'ANY_MATCH', ['a'], 'a'.repeat(1025), 'UNKNOWN'],
  ['STRING', 'NONE_MATCH', ['a', 'b'], 'c', 'TRUE'],
  ['STRING', 'NONE_MATCH', ['a', 'b'], 'a', 'FALSE'],
  ['STRING', 'NONE_MATCH', ['a'], undefined, 'UNKNOWN'],
  ['STRING', 'ANY_CONTAINS', ['foo', 'bar'], 'xbarx', 'TRUE'],
  ['STRING', 'ANY_CONTAINS', ['foo', 'bar'], 'fo', 'FALSE'],
  ['STRING', 'ANY_CONTAINS', ['foo'], undefined, 'UNKNOWN'],
  ['STRING', 'ALL_CONTAINS', ['foo', 'bar'], 'barfoo', 'TRUE'],
  ['STRING', 'ALL_CONTAINS', ['foo', 'bar'], 'foo', 'FALSE'],
  ['STRING', 'ALL_CONTAINS', ['foo'], 'x'.repeat(2000), 'UNKNOWN'],
  ['STRING', 'NOT_CONTAINS', ['foo'], 'bar', 'TRUE'],
  ['STRING', 'NOT_CONTAINS', ['foo'], 'FOO', 'TRUE'],
  ['STRING', 'NOT_CONTAINS', ['foo', 'bar'], 'afoo', 'FALSE'],
  ['STRING', 'NOT_CONTAINS', ['foo'], undefined, 'UNKNOWN'],
  // NUMERIC: ^[+-]?\d+(\.\d+)?$, compared as numbers.
  ['NUMERIC', 'ANY_MATCH', ['1.0', '2'], '1', 'TRUE'],
  ['NUMERIC', 'ANY_MATCH', ['1.0', '2'], '3', 'FALSE'],
  ['NUMERIC', 'ANY_MATCH', ['1'], 'abc', 'UNKNOWN'],
  ['NUMERIC', 'NONE_MATCH', ['1'], '2', 'TRUE'],
  ['NUMERIC', 'NONE_MATCH', ['1'], '+1.00', 'FALSE'],
  ['NUMERIC', 'NONE_MATCH', ['1'], '', 'UNKNOWN'],
  ['NUMERIC', 'GREATER_THAN', ['5'], '6', 'TRUE'],
  ['NUMERIC', 'GREATER_THAN', ['5'], '5', 'FALSE'],
  ['NUMERIC', 'GREATER_THAN', ['5'], 'five', 'UNKNOWN'],
  ['NUMERIC', 'GREATER_THAN_OR_EQUAL_TO', ['5'], '5', 'TRUE'],
  ['NUMERIC', 'GREATER_THAN_OR_EQUAL_TO', ['5'], '4.99', 'FALSE'],
  ['NUMERIC', 'GREATER_THAN_OR_EQUAL_TO', ['5'], '5e0', 'UNKNOWN'],
  ['NUMERIC', 'LESS_THAN', ['5'], '-1', 'TRUE'],
  ['NUMERIC', 'LESS_THAN', ['5'], '5', 'FALSE'],
  ['NUMERIC', 'LESS_THAN', ['5'], undefined, 'UNKNOWN'],
  ['NUMERIC', 'LESS_THAN_OR_EQUAL_TO', ['5'], '+5', 'TRUE'],
  ['NUMERIC', 'LESS_THAN_OR_EQUAL_TO', ['5'], '5.01', 'FALSE'],
  ['NUMERIC', 'LESS_THAN_OR_EQUAL_TO', ['5'], ' 5', 'UNKNOWN'],
  ['NUMERIC', 'BETWEEN', ['1', '3'], '1', 'TRUE'],
  ['NUMERIC', 'BETWEEN', ['1', '3'], '3', 'TRUE'],
  ['NUMERIC', 'BETWEEN', ['1', '3'], '0.999', 'FALSE'],
  ['NUMERIC', 'BETWEEN', ['1', '3'], '4', 'FALSE'],
  ['NUMERIC', 'BETWEEN', ['1', '3'], '1e3', 'UNKNOWN'],
  ['NUMERIC', 'BEYOND', ['1', '3'], '4', 'TRUE'],
  ['NUMERIC', 'BEYOND', ['1', '3'], '-0.5', 'TRUE'],
  ['NUMERIC', 'BEYOND', ['1', '3'], '3', 'FALSE'],
  ['NUMERIC', 'BEYOND', ['1', '3'], '2', 'FALSE'],
  ['NUMERIC', 'BEYOND', ['1', '3'], '.5', 'UNKNOWN'],
  // DAY_OF_WEEK: MONDAY..SUNDAY, any case.
  ['DAY_OF_WEEK', 'ANY_MATCH', ['MONDAY', 'friday'], 'Friday', 'TRUE'],
  ['DAY_OF_WEEK', 'ANY_MATCH', ['MONDAY', 'FRIDAY'], 'SUNDAY', 'FALSE'],
  ['DAY_OF_WEEK', 'ANY_MATCH', ['MONDAY'], 'MON', 'UNKNOWN'],
  ['DAY_OF_WEEK', 'NONE_MATCH', ['MONDAY'], 'SUNDAY', 'TRUE'],
  ['DAY_OF_WEEK', 'NONE_MATCH', ['MONDAY'], 'monday', 'FALSE'],
  ['DAY_OF_WEEK', 'NONE_MATCH', ['MONDAY'], 'FUNDAY', 'UNKNOWN'],
  ['DAY_OF_WEEK', 'NONE_MATCH', ['MONDAY'], undefined, 'UNKNOWN'],
  // DATETIME: instants; offsets honoured; no offset = UTC; ranges inclusive.
  ['DATETIME', 'GREATER_THAN', ['2026-01-01T00:00:00Z'], '2026-01-01T09:00:01+09:00', 'TRUE'],
  ['DATETIME', 'GREATER_THAN', ['2026-01-01T00:00:00Z'], '2026-01-01T09:00:00+09:00', 'FALSE'],
  ['DATETIME', 'GREATER_THAN', ['2026-01-01T00:00:00Z'], '2026-02-30T00:00:00Z', 'UNKNOWN'],
  ['DATETIME', 'GREATER_THAN_OR_EQUAL_TO', ['2026-01-01T00:00:00Z'], '2025-12-31T19:00:00-05:00', 'TRUE'],
  ['DATETIME', 'GREATER_THAN_OR_EQUAL_TO', ['2026-01-01T00:00:00Z'], '2025-12-31T23:59:59Z', 'FALSE'],
  ['DATETIME', 'GREATER_THAN_OR_EQUAL_TO', ['2026-01-01T00:00:00Z'], '2026-01-01', 'UNKNOWN'],
  ['DATETIME', 'LESS_THAN', ['2026-01-01T00:00Z'], '2025-12-31T23:59:59.999Z', 'TRUE'],
  ['DATETIME', 'LESS_THAN', ['2026-01-01T00:00Z'], '2026-01-01T00:00:00.000Z', 'FALSE'],
  ['DATETIME', 'LESS_THAN', ['2026-01-01T00:00Z'], 'yesterday', 'UNKNOWN'],
  ['DATETIME', 'LESS_THAN_OR_EQUAL_TO', ['2026-01-01T00:00:00+09:00'], '2025-12-31T15:00:00Z', 'TRUE'],
  ['DATETIME', 'LESS_THAN_OR_EQUAL_TO', ['2026-01-01T00:00:00+09:00'], '2025-12-31T15:00:00.001Z', 'FALSE'],
  ['DATETIME', 'LESS_THAN_OR_EQUAL_TO', ['2026-01-01T00:00:00+09:00'], '2026-13-01T00:00:00Z', 'UNKNOWN'],
  ['DATETIME', 'BETWEEN', ['2026-01-01T00:00:00', '2026-01-02T00:00:00'], '2026-01-02T00:00:00Z', 'TRUE'],
  ['DATETIME', 'BETWEEN', ['2026-01-01T00:00:00', '2026-01-02T00:00:00'], '2026-01-01T00:00:00+00:00', 'TRUE'],
  ['DATETIME', 'BETWEEN', ['2026-01-01T00:00:00', '2026-01-02T00:00:00'], '2026-01-02T00:00:00-00:01', 'FALSE'],
  ['DATETIME', 'BETWEEN', ['2026-01-01T00:00:00', '2026-01-02T00:00:00'], undefined, 'UNKNOWN'],
  ['DATETIME', 'BEYOND', ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'], '2026-01-03T00:00:00Z', 'TRUE'],
  ['DATETIME', 'BEYOND', ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'], '2026-01-01T12:00:00Z', 'FALSE'],
  ['DATETIME', 'BEYOND', ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'], '2026-01-01T25:00:00Z', 'UNKNOWN'],
  // TIME: time of day; BETWEEN with v1 > v2 wraps midnight; BEYOND is its complement.
  ['TIME', 'GREATER_THAN', ['09:00'], '09:00:01', 'TRUE'],
  ['TIME', 'GREATER_THAN', ['09:00'], '09:00', 'FALSE'],
  ['TIME', 'GREATER_THAN', ['09:00'], '9:00', 'UNKNOWN'],
  ['TIME', 'GREATER_THAN_OR_EQUAL_TO', ['09:00'], '09:00:00', 'TRUE'],
  ['TIME', 'GREATER_THAN_OR_EQUAL_TO', ['09:00'], '08:59:59', 'FALSE'],
  ['TIME', 'GREATER_THAN_OR_EQUAL_TO', ['09:00'], '09:60', 'UNKNOWN'],
  ['TIME', 'LESS_THAN', ['18:00'], '17:59', 'TRUE'],
  ['TIME', 'LESS_THAN', ['18:00'], '18:00:00', 'FALSE'],
  ['TIME', 'LESS_THAN', ['09:00'], '25:00', 'UNKNOWN'],
  ['TIME', 'LESS_THAN_OR_EQUAL_TO', ['18:00'], '18:00', 'TRUE'],
  ['TIME', 'LESS_THAN_OR_EQUAL_TO', ['18:00'], '18:00:01', 'FALSE'],
  ['TIME', 'LESS_THAN_OR_EQUAL_TO', ['18:00'], '18:00+09:00', 'UNKNOWN'],
  ['TIME', 'BETWEEN', ['09:00', '18:00'], '12:30', 'TRUE'],
  ['TIME', 'BETWEEN', ['09:00', '18:00'], '18:00:01', 'FALSE'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], '23:00', 'TRUE'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], '00:00', 'TRUE'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], '05:59:59', 'TRUE'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], '22:00', 'TRUE'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], '06:00', 'TRUE'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], '06:00:01', 'FALSE'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], '12:00', 'FALSE'],
  ['TIME', 'BETWEEN', ['22:00', '06:00'], undefined, 'UNKNOWN'],
  ['TIME', 'BEYOND', ['09:00', '18:00'], '08:00', 'TRUE'],
  ['TIME', 'BEYOND', ['09:00', '18:00'], '09:00', 'FALSE'],
  ['TIME', 'BEYOND', ['22:00', '06:00'], '12:00', 'TRUE'],
  ['TIME', 'BEYOND', ['22:00', '06:00'], '23:00', 'FALSE'],
  ['TIME', 'BEYOND', ['22:00', '06:00'], 'noon', 'UNKNOWN'],
  // IPADDRESS: addresses and CIDR blocks (IPv4 and IPv6); families never match each other.
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8', '192.168.1.1'], '10.255.0.1', 'TRUE'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8', '192.168.1.1'], '192.168.1.1', 'TRUE'],
  ['IPADDRESS', 'ALLOW', ['0.0.0.0/0'], '203.0.113.7', 'TRUE'],
  ['IPADDRESS', 'ALLOW', ['2001:db8::/32'], '2001:db8:0:1::5', 'TRUE'],
  ['IPADDRESS', 'ALLOW', ['2001:DB8::/32'], '2001:0db8::1', 'TRUE'],
  ['IPADDRESS', 'ALLOW', ['fe80::/10'], 'febf::1', 'TRUE'],
  ['IPADDRESS', 'ALLOW', ['::ffff:0:0/96'], '::ffff:10.0.0.1', 'TRUE'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8', '192.168.1.1'], '192.168.1.2', 'FALSE'],
  ['IPADDRESS', 'ALLOW', ['192.168.0.0/16'], '192.169.0.1', 'FALSE'],
  ['IPADDRESS', 'ALLOW', ['fe80::/10'], 'fec0::1', 'FALSE'],
  ['IPADDRESS', 'ALLOW', ['2001:db8::/32'], '2001:db9::1', 'FALSE'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8'], '::ffff:10.0.0.1', 'FALSE'],
  ['IPADDRESS', 'ALLOW', ['::/0'], '10.0.0.1', 'FALSE'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8'], '10.0.0.256', 'UNKNOWN'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8'], '10.0.0.1/32', 'UNKNOWN'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8'], undefined, 'UNKNOWN'],
  ['IPADDRESS', 'NOT_ALLOW', ['10.0.0.0/8'], '11.0.0.1', 'TRUE'],
  ['IPADDRESS', 'NOT_ALLOW', ['10.0.0.0/8'], '2001:db8::1', 'TRUE'],
  ['IPADDRESS', 'NOT_ALLOW', ['10.0.0.0/8'], '10.1.2.3', 'FALSE'],
  ['IPADDRESS', 'NOT_ALLOW', ['::1'], '0:0:0:0:0:0:0:1', 'FALSE'],
  ['IPADDRESS', 'NOT_ALLOW', ['10.0.0.0/8'], 'garbage', 'UNKNOWN'],
  ['IPADDRESS', 'NOT_ALLOW', ['10.0.0.0/8'], undefined, 'UNKNOWN'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.1', '10.0.0.9'], '10.0.0.1', 'TRUE'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.1', '10.0.0.9'], '10.0.0.9', 'TRUE'],
  ['IPADDRESS', 'BETWEEN', ['2001:db8::1', '2001:db8::ff'], '2001:db8::80', 'TRUE'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.1', '10.0.0.9'], '10.0.0.10', 'FALSE'],
  ['IPADDRESS', 'BETWEEN', ['2001:db8::1', '2001:db8::ff'], '2001:db8::100', 'FALSE'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.1', '10.0.0.9'], '::1', 'FALSE'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.1', '10.0.0.9'], '', 'UNKNOWN'],
  ['IPADDRESS', 'BEYOND', ['10.0.0.1', '10.0.0.9'], '10.0.0.10', 'TRUE'],
  ['IPADDRESS', 'BEYOND', ['10.0.0.1', '10.0.0.9'], '::1', 'TRUE'],
  ['IPADDRESS', 'BEYOND', ['10.0.0.1', '10.0.0.9'], '10.0.0.5', 'FALSE'],
  ['IPADDRESS', 'BEYOND', ['10.0.0.1', '10.0.0.9'], 'x', 'UNKNOWN'],
  // BOOLEAN: true/false in any case.
  ['BOOLEAN', 'TRUE', [], 'true', 'TRUE'],
  ['BOOLEAN', 'TRUE', [], 'TRUE', 'TRUE'],
  ['BOOLEAN', 'TRUE', [], 'false', 'FALSE'],
  ['BOOLEAN', 'TRUE', [], 'yes', 'UNKNOWN'],
  ['BOOLEAN', 'TRUE', [], undefined, 'UNKNOWN'],
  ['BOOLEAN', 'FALSE', [], 'false', 'TRUE'],
  ['BOOLEAN', 'FALSE', [], 'True', 'FALSE'],
  ['BOOLEAN', 'FALSE', [], '0', 'UNKNOWN'],
  ['BOOLEAN', 'FALSE', [], undefined, 'UNKNOWN'],
];

describe('condition evaluation per operator x data type (§6.3, C2)', () => {
  it.each(EVALUATION)('%s %s %j with %j is %s', (type, op, values, q, expected) => {
    expect(evaluateCondition(type, cond(op, values), q)).toBe(expected);
  });

  it('the table covers TRUE, FALSE and UNKNOWN for every operator of every data type', () => {
    for (const [type, op] of specPairs) {
      const seen = new Set(EVALUATION.filter(([t, o]) => t === type && o === op).map((row) => row[4]));
      expect([...seen].sort(), `${type} ${op}`).toEqual(['FALSE', 'TRUE', 'UNKNOWN']);
    }
  });

  it('C2: a missing request value is UNKNOWN for every operator, the negative ones included', () => {
    for (const [type, op] of specPairs) {
      const [min] = SPEC[type][op]!;
      const values = { STRING: 'a', NUMERIC: '1', DAY_OF_WEEK: 'MONDAY', DATETIME: '2026-01-01T00:00:00Z', TIME: '09:00', IPADDRESS: '10.0.0.1', BOOLEAN: '' }[type];
      expect(evaluateCondition(type, cond(op, times(min, values)), undefined), `${type} ${op}`).toBe('UNKNOWN');
    }
  });

  it('a stored condition that is malformed for its type, or an operator of another type, is UNKNOWN', () => {
    expect(evaluateCondition('NUMERIC', cond('GREATER_THAN', ['abc']), '1')).toBe('UNKNOWN');
    expect(evaluateCondition('IPADDRESS', cond('BETWEEN', ['10.0.0.1']), '10.0.0.1')).toBe('UNKNOWN');
    expect(evaluateCondition('IPADDRESS', cond('ALLOW', ['10.0.0.0/40']), '10.0.0.1')).toBe('UNKNOWN');
    expect(evaluateCondition('BOOLEAN', cond('ANY_MATCH', ['true']), 'true')).toBe('UNKNOWN');
    expect(evaluateCondition('TIME', cond('ALLOW', ['09:00']), '09:00')).toBe('UNKNOWN');
  });
});

type Verdict = 'ok' | 'condition.operator_not_allowed' | 'condition.value_invalid';

/** [data type, operator, values, expected] — write-time checks (§6.3, 21001/21002). */
const VALIDATION: [DataType, Operator, string[], Verdict][] = [
  ...(['ANY_MATCH', 'NONE_MATCH', 'ANY_CONTAINS', 'ALL_CONTAINS', 'NOT_CONTAINS'] as const).flatMap((op): [DataType, Operator, string[], Verdict][] => [
    ['STRING', op, ['x'], 'ok'],
    ['STRING', op, [''], 'ok'],
    ['STRING', op, times(100), 'ok'],
    ['STRING', op, ['x'.repeat(1024)], 'ok'],
    ['STRING', op, [], 'condition.value_invalid'],
    ['STRING', op, times(101), 'condition.value_invalid'],
    ['STRING', op, ['x'.repeat(1025)], 'condition.value_invalid'],
  ]),
  ['NUMERIC', 'ANY_MATCH', ['1', '2.5', '-3', '+4'], 'ok'],
  ['NUMERIC', 'ANY_MATCH', times(100, '1'), 'ok'],
  ['NUMERIC', 'ANY_MATCH', times(101, '1'), 'condition.value_invalid'],
  ['NUMERIC', 'ANY_MATCH', ['1e3'], 'condition.value_invalid'],
  ['NUMERIC', 'NONE_MATCH', ['0.5'], 'ok'],
  ['NUMERIC', 'NONE_MATCH', [], 'condition.value_invalid'],
  ['NUMERIC', 'NONE_MATCH', ['1.'], 'condition.value_invalid'],
  ...comparisons.flatMap((op): [DataType, Operator, string[], Verdict][] => [
    ['NUMERIC', op, ['1'], 'ok'],
    ['NUMERIC', op, [], 'condition.value_invalid'],
    ['NUMERIC', op, ['1', '2'], 'condition.value_invalid'],
    ['NUMERIC', op, ['abc'], 'condition.value_invalid'],
  ]),
  ...(['BETWEEN', 'BEYOND'] as const).flatMap((op): [DataType, Operator, string[], Verdict][] => [
    ['NUMERIC', op, ['1', '2'], 'ok'],
    ['NUMERIC', op, ['2', '2.0'], 'ok'],
    ['NUMERIC', op, ['10', '9'], 'condition.value_invalid'],
    ['NUMERIC', op, ['1'], 'condition.value_invalid'],
    ['NUMERIC', op, ['1', '2', '3'], 'condition.value_invalid'],
    ['NUMERIC', op, ['1', 'x'], 'condition.value_invalid'],
  ]),
  ['DAY_OF_WEEK', 'ANY_MATCH', ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'], 'ok'],
  ['DAY_OF_WEEK', 'ANY_MATCH', ['monday'], 'ok'],
  ['DAY_OF_WEEK', 'ANY_MATCH', times(8, 'MONDAY'), 'condition.value_invalid'],
  ['DAY_OF_WEEK', 'ANY_MATCH', ['MONDAYS'], 'condition.value_invalid'],
  ['DAY_OF_WEEK', 'NONE_MATCH', ['SUNDAY'], 'ok'],
  ['DAY_OF_WEEK', 'NONE_MATCH', [], 'condition.value_invalid'],
  ['DAY_OF_WEEK', 'NONE_MATCH', ['Mon'], 'condition.value_invalid'],
  ['DATETIME', 'GREATER_THAN', ['2026-01-01T00:00:00Z'], 'ok'],
  ['DATETIME', 'GREATER_THAN', ['2026-01-01'], 'condition.value_invalid'],
  ['DATETIME', 'GREATER_THAN_OR_EQUAL_TO', ['2026-01-01T00:00+09:00'], 'ok'],
  ['DATETIME', 'GREATER_THAN_OR_EQUAL_TO', ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'], 'condition.value_invalid'],
  ['DATETIME', 'LESS_THAN', ['2026-01-01T00:00:00.123456789Z'], 'ok'],
  ['DATETIME', 'LESS_THAN', ['yesterday'], 'condition.value_invalid'],
  ['DATETIME', 'LESS_THAN_OR_EQUAL_TO', ['2024-02-29T00:00:00Z'], 'ok'],
  ['DATETIME', 'LESS_THAN_OR_EQUAL_TO', ['2026-02-29T00:00:00Z'], 'condition.value_invalid'],
  ['DATETIME', 'LESS_THAN_OR_EQUAL_TO', [], 'condition.value_invalid'],
  ['DATETIME', 'BETWEEN', ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'], 'ok'],
  // Order is by instant: 09:00+09:00 is the same instant as 00:00Z.
  ['DATETIME', 'BETWEEN', ['2026-01-01T09:00:00+09:00', '2026-01-01T00:00:00Z'], 'ok'],
  ['DATETIME', 'BETWEEN', ['2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z'], 'condition.value_invalid'],
  ['DATETIME', 'BETWEEN', ['2026-01-01T00:00:00Z'], 'condition.value_invalid'],
  ['DATETIME', 'BEYOND', ['2026-01-01T00:00:00Z', '2026-06-01T00:00:00+09:00'], 'ok'],
  ['DATETIME', 'BEYOND', ['2026-01-01T00:00:00Z', '2026-01-01T08:59:59+09:00'], 'condition.value_invalid'],
  ['DATETIME', 'BEYOND', ['2026-01-01T00:00:00Z', 'later'], 'condition.value_invalid'],
  ['TIME', 'GREATER_THAN', ['09:00'], 'ok'],
  ['TIME', 'GREATER_THAN', ['9:00'], 'condition.value_invalid'],
  ['TIME', 'GREATER_THAN_OR_EQUAL_TO', ['23:59:59'], 'ok'],
  ['TIME', 'GREATER_THAN_OR_EQUAL_TO', ['24:00'], 'condition.value_invalid'],
  ['TIME', 'LESS_THAN', ['00:00'], 'ok'],
  ['TIME', 'LESS_THAN', ['12:60'], 'condition.value_invalid'],
  ['TIME', 'LESS_THAN_OR_EQUAL_TO', ['12:00'], 'ok'],
  ['TIME', 'LESS_THAN_OR_EQUAL_TO', [], 'condition.value_invalid'],
  // A TIME range may wrap midnight, so its bounds are not ordered.
  ['TIME', 'BETWEEN', ['22:00', '06:00'], 'ok'],
  ['TIME', 'BETWEEN', ['22:00'], 'condition.value_invalid'],
  ['TIME', 'BETWEEN', ['22:00', '06:00', '07:00'], 'condition.value_invalid'],
  ['TIME', 'BEYOND', ['06:00', '22:00'], 'ok'],
  ['TIME', 'BEYOND', ['06:00', 'xx'], 'condition.value_invalid'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8', 'fe80::/10', '192.168.1.1', '::1', '::ffff:10.0.0.1'], 'ok'],
  ['IPADDRESS', 'ALLOW', times(100, '10.0.0.1'), 'ok'],
  ['IPADDRESS', 'ALLOW', times(101, '10.0.0.1'), 'condition.value_invalid'],
  ['IPADDRESS', 'ALLOW', [], 'condition.value_invalid'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/33'], 'condition.value_invalid'],
  ['IPADDRESS', 'ALLOW', ['::/129'], 'condition.value_invalid'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/'], 'condition.value_invalid'],
  ['IPADDRESS', 'ALLOW', ['10.0.0.0/8/8'], 'condition.value_invalid'],
  ['IPADDRESS', 'ALLOW', ['1.2.3'], 'condition.value_invalid'],
  ['IPADDRESS', 'NOT_ALLOW', ['0.0.0.0/0', '::/0'], 'ok'],
  ['IPADDRESS', 'NOT_ALLOW', ['01.2.3.4'], 'condition.value_invalid'],
  ['IPADDRESS', 'NOT_ALLOW', ['1::2::3'], 'condition.value_invalid'],
  ['IPADDRESS', 'NOT_ALLOW', [], 'condition.value_invalid'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.1', '10.0.0.9'], 'ok'],
  ['IPADDRESS', 'BETWEEN', ['::1', '::2'], 'ok'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.0/8', '10.0.0.9'], 'condition.value_invalid'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.9', '10.0.0.1'], 'condition.value_invalid'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.1', '::1'], 'condition.value_invalid'],
  ['IPADDRESS', 'BETWEEN', ['10.0.0.1'], 'condition.value_invalid'],
  ['IPADDRESS', 'BEYOND', ['::1', '::2'], 'ok'],
  ['IPADDRESS', 'BEYOND', ['::2', '::1'], 'condition.value_invalid'],
  ['IPADDRESS', 'BEYOND', ['10.0.0.1', '10.0.0.2', '10.0.0.3'], 'condition.value_invalid'],
  ['BOOLEAN', 'TRUE', [], 'ok'],
  ['BOOLEAN', 'TRUE', ['true'], 'condition.value_invalid'],
  ['BOOLEAN', 'FALSE', [], 'ok'],
  ['BOOLEAN', 'FALSE', ['false'], 'condition.value_invalid'],
  // Any operator outside the type's row is 21001, whatever the values.
  ...DATA_TYPES.flatMap((type) =>
    OPERATORS.filter((op) => !(op in SPEC[type])).map((op): [DataType, Operator, string[], Verdict] => [type, op, ['1'], 'condition.operator_not_allowed']),
  ),
];

function verdict(type: DataType, op: Operator, values: string[]): Verdict {
  try {
    checkConditionValues(type, cond(op, values));
    return 'ok';
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return err.code as Verdict;
  }
}

describe('write-time condition validation (§6.3, 21001/21002)', () => {
  it.each(VALIDATION)('%s %s %j -> %s', (type, op, values, expected) => {
    expect(verdict(type, op, values)).toBe(expected);
  });

  it('the table has a valid and an invalid case for every operator of every data type', () => {
    for (const [type, op] of specPairs) {
      const seen = new Set(VALIDATION.filter(([t, o]) => t === type && o === op).map((row) => row[3]));
      expect([...seen].sort(), `${type} ${op}`).toEqual(['condition.value_invalid', 'ok']);
    }
  });

  it('value counts at and around min/max follow the table for every operator', () => {
    const sample = { STRING: 'a', NUMERIC: '1', DAY_OF_WEEK: 'MONDAY', DATETIME: '2026-01-01T00:00:00Z', TIME: '09:00', IPADDRESS: '10.0.0.1', BOOLEAN: 'true' };
    for (const [type, op] of specPairs) {
      const [min, max] = SPEC[type][op]!;
      expect(verdict(type, op, times(min, sample[type])), `${type} ${op} x${min}`).toBe('ok');
      expect(verdict(type, op, times(max, sample[type])), `${type} ${op} x${max}`).toBe('ok');
      expect(verdict(type, op, times(max + 1, sample[type])), `${type} ${op} x${max + 1}`).toBe('condition.value_invalid');
      if (min > 0) expect(verdict(type, op, times(min - 1, sample[type])), `${type} ${op} x${min - 1}`).toBe('condition.value_invalid');
    }
  });
});

describe('value syntax (§6.3)', () => {
  it('IPv4: dotted quad, no leading zeros, each part 0..255', () => {
    expect(parseIp('0.0.0.0')).toEqual({ family: 4, value: 0n });
    expect(parseIp('255.255.255.255')).toEqual({ family: 4, value: 0xffffffffn });
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', ' 1.2.3.4', '1.2.3.4 ', '']) expect(parseIp(bad), bad).toBeUndefined();
  });

  it('IPv6: full, compressed and IPv4-embedded forms; the embedded IPv4 part only at the end', () => {
    expect(parseIp('::')).toEqual({ family: 6, value: 0n });
    expect(parseIp('::1')?.value).toBe(1n);
    expect(parseIp('2001:db8::1')?.value).toBe(parseIp('2001:0DB8:0000:0000:0000:0000:0000:0001')?.value);
    expect(parseIp('::ffff:10.0.0.1')?.value).toBe(0xffff0a000001n);
    for (const bad of ['1::2::3', ':::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '1::2:3:4:5:6:7:8', '12345::1', 'g::1', '10.0.0.1::', '::10.0.0.1:1', 'fe80::1%eth0']) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
  });

  it('CIDR: /0../32 for IPv4, /0../128 for IPv6, digits only', () => {
    expect(parseCidr('10.0.0.0/8')?.prefix).toBe(8);
    expect(parseCidr('::/128')?.prefix).toBe(128);
    expect(parseCidr('10.0.0.1')?.prefix).toBe(32);
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/+8', '10.0.0.0/-1', '10.0.0.0/ 8', '/8']) expect(parseCidr(bad), bad).toBeUndefined();
  });

  it('DATETIME: offsets shift the instant, no offset is UTC, years below 100 stay as written', () => {
    expect(parseDateTime('2026-01-01T09:00:00+09:00')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(parseDateTime('2025-12-31T19:00:00-05:00')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(parseDateTime('2026-01-01T00:00')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(parseDateTime('2026-01-01T00:00:00.5Z')).toBe(Date.parse('2026-01-01T00:00:00.500Z'));
    expect(new Date(parseDateTime('0050-06-01T00:00:00Z')!).getUTCFullYear()).toBe(50);
    for (const bad of ['2026-01-01', '2026-01-01 00:00:00Z', '2026-01-01T00:00:00+0900', '2026-01-01T00:00:00+24:00', '2026-04-31T00:00:00Z', '2026-00-10T00:00:00Z']) {
      expect(parseDateTime(bad), bad).toBeUndefined();
    }
  });

  it('TIME: HH:mm or HH:mm:ss, 24-hour', () => {
    expect(parseTime('00:00')).toBe(0);
    expect(parseTime('23:59:59')).toBe(86_399);
    for (const bad of ['24:00', '9:00', '09:00:60', '09:00:00.5', '09h00']) expect(parseTime(bad), bad).toBeUndefined();
  });
});
