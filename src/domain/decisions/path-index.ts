import type { TrailingSlashPolicy } from '../tenants/tenant';
import { compareCandidates, compilePattern, patternMatches, type CompiledPattern, type MatchCandidate } from '../resources/path-match';

interface TrieNode<C> {
  literals: Map<string, TrieNode<C>>;
  /** `{var}` / `*`: one non-empty segment. */
  one?: TrieNode<C>;
  globs: { re: RegExp; node: TrieNode<C> }[];
  /** Patterns ending here. */
  terminal: C[];
  /** Patterns with `**` from this point on: matched in full (rare, so kept simple). */
  deep: C[];
}

const node = <C>(): TrieNode<C> => ({ literals: new Map(), globs: [], terminal: [], deep: [] });

/**
 * A segment trie over resource path patterns, so that finding the resources matching a request
 * costs about the depth of the path, not the number of resources (M1–M5).
 */
export class PathIndex<C extends MatchCandidate> {
  private readonly root = node<C>();

  constructor(
    candidates: Iterable<C>,
    private readonly policy: TrailingSlashPolicy,
  ) {
    for (const c of candidates) this.add(c);
  }

  private add(c: C): void {
    const source = this.policy === 'IDENTICAL_PATH' ? strip(c.pattern.source) : c.pattern.source;
    const pattern: CompiledPattern = source === c.pattern.source ? c.pattern : compilePattern(source);
    let at = this.root;
    for (const seg of pattern.segments) {
      if (seg.kind === 'any') {
        at.deep.push(c);
        return;
      }
      if (seg.kind === 'literal') {
        let next = at.literals.get(seg.text);
        if (!next) at.literals.set(seg.text, (next = node()));
        at = next;
      } else if (seg.kind === 'one') {
        at = at.one ??= node();
      } else {
        const next = node<C>();
        at.globs.push({ re: seg.re, node: next });
        at = next;
      }
    }
    at.terminal.push(c);
  }

  /** The single winning candidate for `requestPath` (M4, M5), or undefined. */
  match(requestPath: string): C | undefined {
    if (!requestPath.startsWith('/')) return undefined;
    const path = this.policy === 'IDENTICAL_PATH' ? strip(requestPath) : requestPath;
    const segments = path.slice(1).split('/');
    let best: C | undefined;
    const offer = (c: C) => {
      if (!best || compareCandidates(c, best) < 0) best = c;
    };
    const walk = (at: TrieNode<C>, i: number) => {
      for (const c of at.deep) if (patternMatches(c.pattern, requestPath, this.policy)) offer(c);
      if (i === segments.length) {
        for (const c of at.terminal) offer(c);
        return;
      }
      const part = segments[i]!;
      const literal = at.literals.get(part);
      if (literal) walk(literal, i + 1);
      if (part === '') return;
      if (at.one) walk(at.one, i + 1);
      for (const g of at.globs) if (g.re.test(part)) walk(g.node, i + 1);
    };
    walk(this.root, 0);
    return best;
  }
}

function strip(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
