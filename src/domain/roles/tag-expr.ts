import { invalid } from '../errors';
import type { TagExpr } from './role';

/**
 * Parses `roleTagIdExpr` (R7): `,` is AND, `;` is OR, parentheses group, and `,` binds tighter
 * than `;` — so `(A;B),C` is (A or B) and C, and `A;B,C` is A or (B and C).
 */
export function parseTagExpr(text: string): TagExpr {
  let pos = 0;
  const fail = (why: string) => invalid(`roleTagIdExpr is malformed at position ${pos}: ${why}`);

  function orExpr(): TagExpr {
    const items = [andExpr()];
    while (text[pos] === ';') {
      pos++;
      items.push(andExpr());
    }
    return items.length === 1 ? items[0]! : { or: items };
  }
  function andExpr(): TagExpr {
    const items = [term()];
    while (text[pos] === ',') {
      pos++;
      items.push(term());
    }
    return items.length === 1 ? items[0]! : { and: items };
  }
  function term(): TagExpr {
    while (text[pos] === ' ') pos++;
    if (text[pos] === '(') {
      pos++;
      const inner = orExpr();
      if (text[pos] !== ')') throw fail('expected ")"');
      pos++;
      while (text[pos] === ' ') pos++;
      return inner;
    }
    const start = pos;
    while (pos < text.length && !',;()'.includes(text[pos]!)) pos++;
    const tag = text.slice(start, pos).trim();
    if (!tag) throw fail('expected a tag id');
    return { tag };
  }

  const expr = orExpr();
  if (pos !== text.length) throw fail('unexpected character');
  return expr;
}
