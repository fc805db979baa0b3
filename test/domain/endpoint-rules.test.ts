import { describe, expect, it } from 'vitest';
import { assertEndpointRules, compileRule, requestSegments, ruleMatches } from '../../src/domain/permissions/endpoint-rules';
import type { EndpointRule } from '../../src/domain/permissions/permission';

const matches = (rule: EndpointRule, method: string, path: string) => ruleMatches(compileRule(rule), method, requestSegments(path));

describe('permission endpoint rules', () => {
  it.each([
    [{ method: '*', path: '/**' }, 'DELETE', '/v1/users/1', true],
    [{ method: '*', path: '/**' }, 'GET', '/', true],
    [{ method: 'GET', path: '/v1/users' }, 'GET', '/v1/users', true],
    [{ method: 'GET', path: '/v1/users' }, 'GET', '/v1/users/', true],
    [{ method: 'GET', path: '/v1/users' }, 'POST', '/v1/users', false],
    [{ method: 'GET', path: '/v1/users' }, 'GET', '/v1/users/1', false],
    [{ method: 'GET', path: '/v1/users/{user_uuid}' }, 'GET', '/v1/users/1', true],
    [{ method: 'GET', path: '/v1/users/*' }, 'GET', '/v1/users/1/roles', false],
    [{ method: '*', path: '/v1/me/**' }, 'PUT', '/v1/me/password', true],
    [{ method: '*', path: '/v1/me/**' }, 'GET', '/v1/me', true],
    [{ method: '*', path: '/v1/me/**' }, 'GET', '/v1/meet', false],
    // Dot segments are resolved before matching: they never escape a pattern.
    [{ method: '*', path: '/v1/me/**' }, 'GET', '/v1/me/../users', false],
    [{ method: '*', path: '/v1/me/**' }, 'GET', '/v1/me/%2e%2e/users', false],
    [{ method: '*', path: '/v1/users/**' }, 'GET', '/v1/me/../users/1', true],
    // The query string is not part of the path.
    [{ method: 'GET', path: '/v1/users' }, 'GET', '/v1/users?page=2', true],
  ] as [EndpointRule, string, string, boolean][])('%j %s %s -> %s', (rule, method, path, expected) => expect(matches(rule, method, path)).toBe(expected));

  it.each([
    [[{ method: 'GET', path: '/a/**' }], true],
    [[{ method: '*', path: '/' }], true],
    [[{ method: 'FETCH', path: '/a' }], false],
    [[{ method: 'GET', path: 'a' }], false],
    [[{ method: 'GET', path: '/a/**/b' }], false],
    [[{ method: 'GET', path: `/${'a'.repeat(1024)}` }], false],
    [Array.from({ length: 201 }, () => ({ method: 'GET', path: '/a' })), false],
  ] as [EndpointRule[], boolean][])('rules %j valid=%s', (rules, valid) => {
    if (valid) expect(() => assertEndpointRules('allowed_endpoints', rules)).not.toThrow();
    else expect(() => assertEndpointRules('allowed_endpoints', rules)).toThrow(/allowed_endpoints/);
  });
});
