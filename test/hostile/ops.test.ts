import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENTED, expectWellFormed, faceOf, hostileHeaders, hostileSegment, openApiRoutes, OPS_ROUTES, OVERSIZED_JSON, runFace, send, type ApiRoute, type HostileRequest } from '../helpers/hostile';

/**
 * Issue 6, hostile input — ops routes (`/healthz`, `/openapi.json`, `/docs`) and every path no face
 * owns: hostile segments (dot segments, encoded slashes, NUL, long and Unicode), methods, queries,
 * bodies and headers. Nothing answers 5xx; unknown paths are `{error: {code, message}}` 404 (or the
 * owning face's error, when dot segments lead into a face).
 */
describe('hostile input: ops routes', () => {
  it('never answers 5xx; unknown paths are a JSON 404 in the root format', async () => {
    const documented = (await openApiRoutes(DOCUMENTED.ops)).routes;
    const fixed = OPS_ROUTES.map(([method, template]): ApiRoute => ({ method, template, pathParams: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!), query: [], body: null, security: [] }));
    const routes = [...fixed, ...documented.filter((d) => !fixed.some((f) => f.method === d.method && f.template === d.template))];
    const request = (route: ApiRoute): fc.Arbitrary<HostileRequest> =>
      fc
        .record({
          params: fc.tuple(...route.pathParams.map(() => fc.oneof(hostileSegment, fc.constantFrom('v1', 'oauth2', 'apps', 'tenants', '..', '%2e%2e', '')))),
          query: fc.oneof(fc.constant(''), fc.constantFrom('?', '?a=1&a=2', '?%zz', `?q=${'q'.repeat(8000)}`, '?url=https://evil.example')),
          headers: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: hostileHeaders }),
          body: fc.constantFrom<string | undefined>(undefined, '{', '{"a":1}', '\u0000'),
        })
        .map(({ params, query, headers, body }) => {
          let i = 0;
          const path = route.template.replace(/\{[^}]+\}/g, () => params[i++]!);
          const req: HostileRequest = { method: route.method, path: `${path.startsWith('/') ? '' : '/'}${path}${query}`, headers, body, route };
          Object.defineProperty(req, fc.toStringMethod, { value: () => `${req.method} ${req.path.slice(0, 300)} ${JSON.stringify(Object.keys(headers))}`, enumerable: false });
          return req;
        });
    const { tried, statuses } = await runFace({ face: 'ops', routes, plan: { validIds: {}, ctx: { schemas: {}, strings: [] }, auth: () => fc.constant({}) }, request, numRuns: 400, seed: 6_006 });
    expect(tried).toBe(400);
    expect(statuses[404]).toBeGreaterThan(0);
  });

  it('the ops routes answer under hostile headers and bodies, and an unknown path is the root 404 whatever it carries', async () => {
    for (const path of ['/healthz', '/openapi.json', '/docs']) {
      const { res, pathname } = await send({ method: 'GET', path, headers: { 'x-pad': 'p'.repeat(120 * 1024), cookie: 'c'.repeat(32 * 1024) } });
      expect(res.status, path).toBe(200);
      await expectWellFormed(res, pathname, path);
    }
    const { res, pathname } = await send({ method: 'POST', path: '/no/such/route', headers: { 'content-type': 'application/json' }, body: OVERSIZED_JSON });
    expect(res.status).toBe(404);
    expect(faceOf(pathname)).toBe('ops');
    expect(await expectWellFormed(res, pathname, 'POST /no/such/route')).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});
