import { invalid } from './errors';

/**
 * Id syntax of the Role API (semantics ID1): starts and ends with an ASCII letter or digit, the
 * listed special characters in between, bounded length, case-sensitive, never trimmed.
 */
const ID_RULES = {
  userId: { max: 48, specials: '-_@.' },
  scopeId: { max: 36, specials: '-_' },
  roleId: { max: 128, specials: '-_.:' },
  relatedRoleId: { max: 128, specials: '-_.:' },
  operationId: { max: 32, specials: '-_' },
  resourceId: { max: 64, specials: '-_' },
  newResourceId: { max: 64, specials: '-_' },
  attributeId: { max: 128, specials: '-_.:' },
  roleTagId: { max: 128, specials: '-_.:' },
  attributeTagId: { max: 128, specials: '-_.:' },
} as const;

export type IdKind = keyof typeof ID_RULES;

/** ID3: ids that would collide with the `.../id` list routes. */
const RESERVED: Partial<Record<IdKind, string>> = { roleId: 'id', scopeId: 'id', operationId: 'id' };

const patterns = new Map<IdKind, RegExp>();
function patternFor(kind: IdKind): RegExp {
  let re = patterns.get(kind);
  if (!re) {
    const escaped = ID_RULES[kind].specials.replace(/[-\\^\]]/g, '\\$&');
    re = new RegExp(`^[A-Za-z0-9](?:[A-Za-z0-9${escaped}]*[A-Za-z0-9])?$`);
    patterns.set(kind, re);
  }
  return re;
}

export function isValidId(kind: IdKind, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (value.length > ID_RULES[kind].max) return false;
  if (RESERVED[kind] === value) return false;
  return patternFor(kind).test(value);
}

export function assertId(kind: IdKind, value: unknown): asserts value is string {
  if (!isValidId(kind, value)) {
    const rule = ID_RULES[kind];
    throw invalid(
      `${kind} is invalid: 1-${rule.max} characters, letters and digits with "${rule.specials}" inside, starting and ending with a letter or digit`,
    );
  }
}

export function assertMaxLength(field: string, value: string | null | undefined, max: number): void {
  if (value != null && value.length > max) throw invalid(`${field} must be at most ${max} characters`);
}

/** L6: bulk writes take 1..1000 items; duplicates in a delete list are a validation error. */
export function assertBulk(field: string, items: readonly unknown[], opts: { unique?: boolean } = { unique: true }): void {
  if (items.length < 1 || items.length > 1000) throw invalid(`${field} must hold 1 to 1000 items`);
  if (opts.unique !== false && new Set(items).size !== items.length) throw invalid(`${field} must not repeat an id`);
}
