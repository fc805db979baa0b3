import { invalid } from '../errors';
import { HTTP_METHODS, type EndpointRule } from './permission';

const MAX_RULES = 200;
const MAX_PATTERN_LENGTH = 1024;

/** `/a/{x}/b` -> ['a', '{x}', 'b']; an empty path or `/` is []. */
const segmentsOf = (path: string) => path.split('/').filter((s) => s !== '');

/** Throws `invalid` unless every rule is a known method (or `*`) and an absolute pattern. */
export function assertEndpointRules(field: string, rules: readonly EndpointRule[]): void {
  if (rules.length > MAX_RULES) throw invalid(`${field} holds at most ${MAX_RULES} rules`);
  rules.forEach((r, i) => {
    if (r.method !== '*' && !(HTTP_METHODS as readonly string[]).includes(r.method)) throw invalid(`${field}[${i}].method must be one of ${HTTP_METHODS.join(', ')} or *`);
    if (!r.path.startsWith('/') || r.path.length > MAX_PATTERN_LENGTH) throw invalid(`${field}[${i}].path must start with / and be at most ${MAX_PATTERN_LENGTH} characters`);
    const segments = segmentsOf(r.path);
    const deep = segments.indexOf('**');
    if (deep !== -1 && deep !== segments.length - 1) throw invalid(`${field}[${i}].path may use ** only as its last segment`);
  });
}

/** A rule compiled for matching: its method and segments. */
export interface CompiledRule {
  method: string;
  segments: string[];
}

export const compileRule = (r: EndpointRule): CompiledRule => ({ method: r.method, segments: segmentsOf(r.path) });

/** Whether `rule` covers `method path` (the path without query; trailing slashes are ignored). */
export function ruleMatches(rule: CompiledRule, method: string, pathSegments: readonly string[]): boolean {
  if (rule.method !== '*' && rule.method !== method) return false;
  const { segments } = rule;
  for (let i = 0; i < segments.length; i++) {
    const pattern = segments[i]!;
    if (pattern === '**') return true;
    const actual = pathSegments[i];
    if (actual === undefined) return false;
    if (pattern === '*' || (pattern.startsWith('{') && pattern.endsWith('}'))) continue;
    if (pattern !== actual) return false;
  }
  return segments.length === pathSegments.length;
}

/**
 * The segments of a request path, with dot segments resolved the way a server routes them (WHATWG
 * URL rules, so `/v1/me/../users` and `/v1/me/%2e%2e/users` are `/v1/users`, never under `/v1/me`).
 */
export function requestSegments(path: string): string[] {
  return segmentsOf(new URL(path.startsWith('/') ? path : `/${path}`, 'http://h').pathname);
}
