import { describe, expect, it } from 'vitest';
import { compilePattern, isValidPathPattern, isValidUiPath, matchPath, patternMatches } from '../../src/domain/resources/path-match';

describe('resource path syntax (P2, P3)', () => {
  it.each([
    ['/', true],
    ['/a', true],
    ['/a/', true],
    ['/a/{id}', true],
    ['/admin/**', true],
    ['/files/*.txt', true],
    ['/a//b', false],
    ['a', false],
    ['/a b', false],
    ['/{1x}', false],
    ['/a/{id', false],
    ['', false],
  ])('path %j valid=%s', (path, valid) => expect(isValidPathPattern(path)).toBe(valid));

  it.each([
    ['/', true],
    ['/Board/Notice', true],
    ['/Board/', false],
    ['Board', false],
    ['/a//b', false],
  ])('uiPath %j valid=%s', (uiPath, valid) => expect(isValidUiPath(uiPath)).toBe(valid));
});

describe('matching (M1–M3)', () => {
  const m = (pattern: string, path: string, policy: 'NON_IDENTICAL_PATH' | 'IDENTICAL_PATH' = 'NON_IDENTICAL_PATH') =>
    patternMatches(compilePattern(pattern), path, policy);
  it.each([
    ['/board/{id}', '/board/1', true],
    ['/board/{id}', '/board/', false],
    ['/board/{id}', '/board/1/x', false],
    ['/board/{id}', '/board/1/', false],
    ['/board/*', '/board/abc', true],
    ['/admin/**', '/admin', true],
    ['/admin/**', '/admin/', true],
    ['/admin/**', '/admin/x/y', true],
    ['/files/*.txt', '/files/a.txt', true],
    ['/files/*.txt', '/files/a.png', false],
    ['/v?/x', '/v1/x', true],
    ['/Board', '/board', false],
    ['/a', 'a', false],
    ['/', '/', true],
    ['/', '/x', false],
  ])('%s ~ %s = %s (NON_IDENTICAL_PATH)', (pattern, path, expected) => expect(m(pattern, path)).toBe(expected));

  it('M2: IDENTICAL_PATH ignores one trailing slash on both sides', () => {
    expect(m('/a/{id}', '/a/1/', 'IDENTICAL_PATH')).toBe(true);
    expect(m('/a/{id}/', '/a/1', 'IDENTICAL_PATH')).toBe(true);
    expect(m('/a/{id}', '/a/1//', 'IDENTICAL_PATH')).toBe(false);
    expect(m('/', '/', 'IDENTICAL_PATH')).toBe(true);
  });
});

describe('choosing the winner (M4, M5)', () => {
  const candidates = (specs: [string, string, number][]) => specs.map(([resourceId, path, priority]) => ({ resourceId, priority, pattern: compilePattern(path) }));
  it('an exact literal beats a variable whatever the priorities', () => {
    const c = candidates([
      ['var', '/a/{x}', -100],
      ['lit', '/a/b', 100],
    ]);
    expect(matchPath(c, '/a/b', 'NON_IDENTICAL_PATH')?.resourceId).toBe('lit');
  });
  it('fewer ** first, then fewer wildcards, then more segments, then priority, then id', () => {
    expect(matchPath(candidates([['any', '/a/**', 0], ['one', '/a/*', 0]]), '/a/b', 'NON_IDENTICAL_PATH')?.resourceId).toBe('one');
    expect(matchPath(candidates([['p2', '/a/{x}/c', 2], ['p1', '/a/b/{y}', 1]]), '/a/b/c', 'NON_IDENTICAL_PATH')?.resourceId).toBe('p1');
    expect(matchPath(candidates([['b', '/a/{x}', 0], ['a', '/a/*', 0]]), '/a/z', 'NON_IDENTICAL_PATH')?.resourceId).toBe('a');
    expect(matchPath(candidates([['deep', '/a/**/c', 0], ['short', '/a/**', 0]]), '/a/b/c', 'NON_IDENTICAL_PATH')?.resourceId).toBe('deep');
    expect(matchPath(candidates([['x', '/x', 0]]), '/y', 'NON_IDENTICAL_PATH')).toBeUndefined();
  });
});
