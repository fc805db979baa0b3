import type { TrailingSlashPolicy } from '../tenants/tenant';

/**
 * Resource path patterns (semantics P2, M1–M5): `/`-separated segments; a segment is a literal,
 * `{variable}`, `*`, `**`, or a literal with `*` / `?` globs. A trailing `/` is an extra empty
 * segment. Pure and allocation-light: the decision engine matches with it on the hot path.
 */
type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'one' } // {var} or *: exactly one non-empty segment
  | { kind: 'glob'; re: RegExp }
  | { kind: 'any' }; // **: zero or more whole segments

export interface CompiledPattern {
  source: string;
  segments: Segment[];
  /** Specificity (M4): fewer `**`, then fewer wildcard segments, then more segments. */
  globstars: number;
  wildcards: number;
}

const VARIABLE = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const LITERAL = /^[^\s{}/]+$/;

/** P2: whether `path` is a valid resource path pattern. */
export function isValidPathPattern(path: string): boolean {
  if (path === '/') return true;
  if (!path.startsWith('/')) return false;
  let body = path.slice(1);
  if (body.endsWith('/')) body = body.slice(0, -1);
  if (body === '') return false;
  return body.split('/').every((s) => s !== '' && (VARIABLE.test(s) || LITERAL.test(s)));
}

/** P3: `/`, or `/` + non-empty segments of any characters but `/`, no trailing `/`. */
export function isValidUiPath(uiPath: string): boolean {
  if (uiPath === '/') return true;
  return uiPath.startsWith('/') && uiPath.slice(1).split('/').every((s) => s !== '');
}

function splitSegments(path: string): string[] {
  return path.slice(1).split('/');
}

function compileSegment(text: string): Segment {
  if (text === '**') return { kind: 'any' };
  if (text === '*' || VARIABLE.test(text)) return { kind: 'one' };
  if (text.includes('*') || text.includes('?')) {
    const source = text.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return { kind: 'glob', re: new RegExp(`^${source}$`) };
  }
  return { kind: 'literal', text };
}

export function compilePattern(path: string): CompiledPattern {
  const segments = path === '/' ? [{ kind: 'literal', text: '' } as Segment] : splitSegments(path).map(compileSegment);
  return {
    source: path,
    segments,
    globstars: segments.filter((s) => s.kind === 'any').length,
    wildcards: segments.filter((s) => s.kind === 'one' || s.kind === 'glob').length,
  };
}

function matchFrom(pattern: Segment[], pi: number, request: string[], ri: number): boolean {
  while (pi < pattern.length) {
    const seg = pattern[pi]!;
    if (seg.kind === 'any') {
      for (let k = ri; k <= request.length; k++) if (matchFrom(pattern, pi + 1, request, k)) return true;
      return false;
    }
    if (ri >= request.length) return false;
    const part = request[ri]!;
    if (seg.kind === 'literal') {
      if (seg.text !== part) return false;
    } else if (part === '' || (seg.kind === 'glob' && !seg.re.test(part))) {
      return false;
    }
    pi++;
    ri++;
  }
  return ri === request.length;
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Whether one pattern matches a requested path (M1–M3, M2 policy). */
export function patternMatches(pattern: CompiledPattern, requestPath: string, policy: TrailingSlashPolicy): boolean {
  if (!requestPath.startsWith('/')) return false;
  if (policy === 'IDENTICAL_PATH') {
    const p = stripTrailingSlash(pattern.source);
    const compiled = p === pattern.source ? pattern : compilePattern(p);
    return matchFrom(compiled.segments, 0, splitSegments(stripTrailingSlash(requestPath)), 0);
  }
  return matchFrom(pattern.segments, 0, splitSegments(requestPath), 0);
}

export interface MatchCandidate {
  resourceId: string;
  priority: number;
  pattern: CompiledPattern;
}

/** M4 order: most specific first, then lowest priority, then smallest resourceId. */
export function compareCandidates(a: MatchCandidate, b: MatchCandidate): number {
  return (
    a.pattern.globstars - b.pattern.globstars ||
    a.pattern.wildcards - b.pattern.wildcards ||
    b.pattern.segments.length - a.pattern.segments.length ||
    a.priority - b.priority ||
    (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0)
  );
}

/** M5: the single winning resource for `requestPath`, or undefined. */
export function matchPath<C extends MatchCandidate>(candidates: readonly C[], requestPath: string, policy: TrailingSlashPolicy): C | undefined {
  let best: C | undefined;
  for (const c of candidates) {
    if (!patternMatches(c.pattern, requestPath, policy)) continue;
    if (!best || compareCandidates(c, best) < 0) best = c;
  }
  return best;
}
