export const DATA_TYPES = ['STRING', 'NUMERIC', 'DAY_OF_WEEK', 'DATETIME', 'TIME', 'IPADDRESS', 'BOOLEAN'] as const;
export type DataType = (typeof DATA_TYPES)[number];

export const OPERATORS = [
  'ALL_CONTAINS',
  'ANY_CONTAINS',
  'NOT_CONTAINS',
  'ANY_MATCH',
  'NONE_MATCH',
  'BETWEEN',
  'BEYOND',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL_TO',
  'ALLOW',
  'NOT_ALLOW',
  'TRUE',
  'FALSE',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** A condition on a user–role or role–role relation, as stored and as on the wire. */
export interface Condition {
  attributeId: string;
  attributeOperatorTypeCode: Operator;
  attributeValues: string[];
}

export type Policy = 'ALLOW' | 'DENY';

/** Three-valued result of a condition (semantics C2). */
export type Truth = 'TRUE' | 'FALSE' | 'UNKNOWN';
