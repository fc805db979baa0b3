import type { DataType, Operator } from './condition';

export interface OperatorRule {
  operatorTypeCode: Operator;
  min: number;
  max: number;
}

const comparisons = (min: number, max: number): OperatorRule[] =>
  (['GREATER_THAN', 'GREATER_THAN_OR_EQUAL_TO', 'LESS_THAN', 'LESS_THAN_OR_EQUAL_TO'] as const).map((op) => ({
    operatorTypeCode: op,
    min,
    max,
  }));

/**
 * Operators allowed per data type with their value counts (semantics §6.3). This table is what
 * `POST .../attributes/data-types` reports and what condition writes are checked against.
 */
export const OPERATORS_BY_TYPE: Record<DataType, OperatorRule[]> = {
  STRING: [
    { operatorTypeCode: 'ANY_MATCH', min: 1, max: 100 },
    { operatorTypeCode: 'NONE_MATCH', min: 1, max: 100 },
    { operatorTypeCode: 'ANY_CONTAINS', min: 1, max: 100 },
    { operatorTypeCode: 'ALL_CONTAINS', min: 1, max: 100 },
    { operatorTypeCode: 'NOT_CONTAINS', min: 1, max: 100 },
  ],
  NUMERIC: [
    { operatorTypeCode: 'ANY_MATCH', min: 1, max: 100 },
    { operatorTypeCode: 'NONE_MATCH', min: 1, max: 100 },
    ...comparisons(1, 1),
    { operatorTypeCode: 'BETWEEN', min: 2, max: 2 },
    { operatorTypeCode: 'BEYOND', min: 2, max: 2 },
  ],
  DAY_OF_WEEK: [
    { operatorTypeCode: 'ANY_MATCH', min: 1, max: 7 },
    { operatorTypeCode: 'NONE_MATCH', min: 1, max: 7 },
  ],
  DATETIME: [...comparisons(1, 1), { operatorTypeCode: 'BETWEEN', min: 2, max: 2 }, { operatorTypeCode: 'BEYOND', min: 2, max: 2 }],
  TIME: [...comparisons(1, 1), { operatorTypeCode: 'BETWEEN', min: 2, max: 2 }, { operatorTypeCode: 'BEYOND', min: 2, max: 2 }],
  IPADDRESS: [
    { operatorTypeCode: 'ALLOW', min: 1, max: 100 },
    { operatorTypeCode: 'NOT_ALLOW', min: 1, max: 100 },
    { operatorTypeCode: 'BETWEEN', min: 2, max: 2 },
    { operatorTypeCode: 'BEYOND', min: 2, max: 2 },
  ],
  BOOLEAN: [
    { operatorTypeCode: 'TRUE', min: 0, max: 0 },
    { operatorTypeCode: 'FALSE', min: 0, max: 0 },
  ],
};

export function operatorRule(dataType: DataType, operator: string): OperatorRule | undefined {
  return OPERATORS_BY_TYPE[dataType].find((r) => r.operatorTypeCode === operator);
}
