import { describe, expect, it } from 'vitest';
import { sourceKey, UNKNOWN_SOURCE } from '../../src/domain/abuse/limits';
import { EMPTY_WINDOW, STRIKE_MEMORY_MS, verdictOf, withFailure, type AbusePolicy, type WindowState } from '../../src/domain/abuse/window';

const POLICY: AbusePolicy = { limit: 3, windowSeconds: 60, maxBlockSeconds: 200 };
const fail = (state: WindowState, ...times: number[]) => times.reduce((s, t) => withFailure(s, POLICY, t), state);

describe('the failure window of one subject (S-6: temporary block with backoff)', () => {
  it('the failure that reaches the limit blocks for one window; Retry-After counts down to its end', () => {
    const s = fail(EMPTY_WINDOW, 0, 1000, 2000);
    expect(verdictOf(fail(EMPTY_WINDOW, 0, 1000), 2000)).toEqual({ allowed: true, retryAfter: 0 });
    expect(verdictOf(s, 2000)).toEqual({ allowed: false, retryAfter: 60 });
    expect(verdictOf(s, 61_500)).toEqual({ allowed: false, retryAfter: 1 });
    expect(verdictOf(s, 62_000).allowed).toBe(true);
  });

  it('the window slides: failures older than it are forgotten', () => {
    const s = fail(EMPTY_WINDOW, 0, 30_000, 60_001); // the first has left the window: two remain
    expect(verdictOf(s, 60_001).allowed).toBe(true);
    expect(verdictOf(fail(s, 60_002), 60_002).allowed).toBe(false);
  });

  it('failures while blocked are not counted and do not lengthen the block', () => {
    const s = fail(EMPTY_WINDOW, 0, 1, 2);
    expect(fail(s, 10, 20, 30)).toEqual(s);
  });

  it('each repeat block within a day doubles, up to the ceiling; after a quiet day it starts over', () => {
    let s = fail(EMPTY_WINDOW, 0, 1, 2); // 60 s
    expect(s.blockedUntil - 2).toBe(60_000);
    s = fail(s, 70_000, 70_001, 70_002); // 120 s
    expect(s.blockedUntil - 70_002).toBe(120_000);
    s = fail(s, 200_000, 200_001, 200_002); // 240 s, capped at 200 s
    expect(s.blockedUntil - 200_002).toBe(200_000);
    const later = s.blockedUntil + STRIKE_MEMORY_MS + 1;
    s = fail(s, later, later + 1, later + 2);
    expect(s.blockedUntil - (later + 2)).toBe(60_000);
  });
});

describe('source address keys', () => {
  it('IPv4 as is; IPv6 by its /64; anything else is the shared unknown key', () => {
    expect(sourceKey('203.0.113.9')).toBe('203.0.113.9');
    expect(sourceKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('::1')).toBe('0:0:0:0::/64');
    expect(sourceKey('::ffff:192.0.2.1')).toBe('0:0:0:0::/64');
    for (const bad of [undefined, null, '', 'unknown', 'not-an-address', '1:2:3', '1::2::3', '<script>']) expect(sourceKey(bad)).toBe(UNKNOWN_SOURCE);
  });
});
