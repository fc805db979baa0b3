import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { DOCUMENTED, openApiRoutes, OPS_ROUTES, TOKEN_SERVICE_ROUTES } from '../helpers/hostile';

/**
 * Issue 6: "property-based tests for every route". The hostile tests take their routes from
 * `/openapi.json` (each face's `DOCUMENTED` filter) plus the lists of routes no document shows
 * (`TOKEN_SERVICE_ROUTES`, `OPS_ROUTES`). This test reads the router itself: every method and path a
 * request can reach is in one of those, so a route added without documentation, or under a prefix no
 * hostile test reads, fails here instead of going untested.
 */
describe('hostile input covers every route of the router', () => {
  it('every routed method and path is in some face’s hostile run', async () => {
    const routed = createApp()
      .routes.filter((r) => r.method !== 'ALL' && !r.path.endsWith('*'))
      // Hono's `:name` and `:name{regex}` → OpenAPI's `{name}`.
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_-]+)(\{[^}]*\})?/g, '{$1}')}`);
    const doc = await openApiRoutes(() => true);
    const documented = doc.routes.filter((r) => Object.values(DOCUMENTED).some((inFace) => inFace(r.template))).map((r) => `${r.method} ${r.template}`);
    const covered = new Set([...documented, ...TOKEN_SERVICE_ROUTES.map(([m, p]) => `${m} ${p}`), ...OPS_ROUTES.map(([m, p]) => `${m} ${p}`)]);
    const missing = [...new Set(routed)].filter((r) => !covered.has(r) && r !== 'HEAD /openapi.json');
    console.log(`hostile coverage: ${new Set(routed).size} routed method/paths, ${covered.size} in the hostile runs`);
    expect(missing, JSON.stringify(missing)).toEqual([]);
    // The router was really read: all faces are in it.
    expect(routed.length).toBeGreaterThan(250);
    for (const prefix of ['GET /role/v3.0/', 'POST /t/{appKey}/v1/', 'GET /t/{appKey}/apps/v1/', 'POST /v1/management/', 'POST /admin/v1/', 'POST /t/{appKey}/oauth2/token']) {
      expect(routed.some((r) => r.startsWith(prefix)), prefix).toBe(true);
    }
  });
});
