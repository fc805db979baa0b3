import type { Condition, DataType, Truth } from './condition';
import {
  cidrContains,
  parseBoolean,
  parseCidr,
  parseDateTime,
  parseDayOfWeek,
  parseIp,
  parseNumeric,
  parseTime,
  type IpValue,
} from './values';

const truth = (b: boolean): Truth => (b ? 'TRUE' : 'FALSE');

function compare<T>(op: string, q: T, values: T[], cmp: (a: T, b: T) => number): Truth {
  const [v1, v2] = values;
  if (v1 === undefined) return 'UNKNOWN';
  switch (op) {
    case 'ANY_MATCH':
      return truth(values.some((v) => cmp(q, v) === 0));
    case 'NONE_MATCH':
      return truth(!values.some((v) => cmp(q, v) === 0));
    case 'GREATER_THAN':
      return truth(cmp(q, v1) > 0);
    case 'GREATER_THAN_OR_EQUAL_TO':
      return truth(cmp(q, v1) >= 0);
    case 'LESS_THAN':
      return truth(cmp(q, v1) < 0);
    case 'LESS_THAN_OR_EQUAL_TO':
      return truth(cmp(q, v1) <= 0);
    case 'BETWEEN':
    case 'BEYOND': {
      if (v2 === undefined) return 'UNKNOWN';
      const inside = cmp(q, v1) >= 0 && cmp(q, v2) <= 0;
      return truth(op === 'BETWEEN' ? inside : !inside);
    }
    default:
      return 'UNKNOWN';
  }
}

const byNumber = (a: number, b: number) => a - b;

function parseAll<T>(values: string[], parse: (s: string) => T | undefined): T[] | undefined {
  const out: T[] = [];
  for (const v of values) {
    const p = parse(v);
    if (p === undefined) return undefined;
    out.push(p);
  }
  return out;
}

function evaluateTime(op: string, q: number, values: number[]): Truth {
  const [v1, v2] = values;
  if ((op === 'BETWEEN' || op === 'BEYOND') && v1 !== undefined && v2 !== undefined && v1 > v2) {
    // The range wraps midnight: 22:00..06:00 holds at 23:00 and at 05:00.
    const inside = q >= v1 || q <= v2;
    return truth(op === 'BETWEEN' ? inside : !inside);
  }
  return compare(op, q, values, byNumber);
}

function evaluateIp(op: string, q: IpValue, values: string[]): Truth {
  if (op === 'ALLOW' || op === 'NOT_ALLOW') {
    const blocks = parseAll(values, parseCidr);
    if (!blocks) return 'UNKNOWN';
    const inside = blocks.some((b) => cidrContains(b, q));
    return truth(op === 'ALLOW' ? inside : !inside);
  }
  const bounds = parseAll(values, parseIp);
  if (!bounds || bounds.length < 2) return 'UNKNOWN';
  const [lo, hi] = bounds as [IpValue, IpValue];
  // Families never match each other: an IPv6 address lies outside every IPv4 range.
  const inside = lo.family === q.family && hi.family === q.family && q.value >= lo.value && q.value <= hi.value;
  if (op === 'BETWEEN') return truth(inside);
  if (op === 'BEYOND') return truth(!inside);
  return 'UNKNOWN';
}

/**
 * Evaluates one condition against the request's value for its attribute (semantics §6.3–6.4).
 * A missing or malformed request value is UNKNOWN, whatever the operator (negative ones included).
 */
export function evaluateCondition(dataType: DataType, condition: Condition, requestValue: string | undefined): Truth {
  if (requestValue === undefined) return 'UNKNOWN';
  const op = condition.attributeOperatorTypeCode;
  const values = condition.attributeValues;
  switch (dataType) {
    case 'STRING': {
      if (requestValue.length > 1024) return 'UNKNOWN';
      if (op === 'ANY_CONTAINS') return truth(values.some((v) => requestValue.includes(v)));
      if (op === 'ALL_CONTAINS') return truth(values.every((v) => requestValue.includes(v)));
      if (op === 'NOT_CONTAINS') return truth(!values.some((v) => requestValue.includes(v)));
      return compare(op, requestValue, values, (a, b) => (a === b ? 0 : a < b ? -1 : 1));
    }
    case 'NUMERIC': {
      const q = parseNumeric(requestValue);
      const vs = parseAll(values, parseNumeric);
      return q === undefined || !vs ? 'UNKNOWN' : compare(op, q, vs, byNumber);
    }
    case 'DAY_OF_WEEK': {
      const q = parseDayOfWeek(requestValue);
      const vs = parseAll(values, parseDayOfWeek);
      return q === undefined || !vs ? 'UNKNOWN' : compare(op, q, vs, (a, b) => (a === b ? 0 : 1));
    }
    case 'DATETIME': {
      const q = parseDateTime(requestValue);
      const vs = parseAll(values, parseDateTime);
      return q === undefined || !vs ? 'UNKNOWN' : compare(op, q, vs, byNumber);
    }
    case 'TIME': {
      const q = parseTime(requestValue);
      const vs = parseAll(values, parseTime);
      return q === undefined || !vs ? 'UNKNOWN' : evaluateTime(op, q, vs);
    }
    case 'IPADDRESS': {
      const q = parseIp(requestValue);
      return q === undefined ? 'UNKNOWN' : evaluateIp(op, q, values);
    }
    case 'BOOLEAN': {
      const q = parseBoolean(requestValue);
      if (q === undefined) return 'UNKNOWN';
      if (op === 'TRUE') return truth(q);
      if (op === 'FALSE') return truth(!q);
      return 'UNKNOWN';
    }
  }
}
