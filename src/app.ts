import { OpenAPIHono } from '@hono/zod-openapi';
import { createAdminFace } from './faces/admin';
import { createAppsFace } from './faces/apps';
import { createControlPlaneFace } from './faces/control-plane';
import { createIdentityFace } from './faces/identity';
import { createOAuthFace, discovery } from './faces/oauth';
import { oauthErrorHandler } from './faces/oauth/errors';
import { Hono } from 'hono';
import { createRoleV3Face } from './faces/role-v3';
import { failure } from './faces/role-v3/envelope';
import { logError } from './faces/shared/log';
import { securityHeaders } from './faces/shared/security-headers';
import { docsPage } from './faces/shared/docs-page';
import { unavailableAs503 } from './faces/shared/unavailable';
import type { AppEnv } from './env';
import { buildDeps } from './storage/deps';

export function createApp() {
  const app = new OpenAPIHono<AppEnv>();

  // nosniff on every answer; CSP (frame-ancestors), X-Frame-Options, no-store and no-referrer on every HTML page.
  app.use('*', securityHeaders);
  app.use('*', async (c, next) => {
    c.set('requestId', c.req.header('cf-ray') ?? crypto.randomUUID());
    c.set('deps', buildDeps(c.env, { actor: c.req.header('x-operator-uuid') ?? null }));
    await next();
    // Every management write answers the revision it produced (a check may then ask for X-Min-Revision).
    const { produced, audit } = c.var.deps;
    if (produced.revision !== null && audit && !c.res.headers.has('X-Revision')) c.header('X-Revision', String(produced.revision));
    unavailableAs503(c);
    c.header('X-Request-Id', c.get('requestId'));
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.route('/admin/v1', createAdminFace());
  app.route('/role/v3.0/appkeys/:appKey', createRoleV3Face());
  app.route('/t/:appKey/v1', createIdentityFace());
  // Not under the Identity API's `/t/:appKey/v1/*`: the second segment differs (`apps`).
  app.route('/t/:appKey/apps/v1', createAppsFace());
  app.route('/v1/management/organizations/:organizationId/tenants/:tenantId', createControlPlaneFace());
  app.route('/t/:appKey', createOAuthFace());
  // RFC 8414 §3.1: the well-known segment goes before the issuer's path.
  const rfc8414 = new Hono<AppEnv>();
  rfc8414.onError(oauthErrorHandler);
  rfc8414.get('/t/:appKey', discovery);
  app.route('/.well-known/oauth-authorization-server', rfc8414);

  app.openAPIRegistry.registerComponent('securitySchemes', 'SecretKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Secret-Key',
    description: "The tenant's secret key (Role API v3)",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'BearerToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'An access token or API token of the tenant; what it may call follows from its permissions (endpoint rules)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'AdminToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The operator token (ADMIN_TOKEN)',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'edge-iam',
      version: '0.1.0',
      description: 'Identity and authorization at the edge: Role API v3, operator API, and more faces over one domain.',
    },
  });
  app.get('/docs', docsPage);

  app.notFound((c) => {
    // E7: unknown paths under the Role API answer in its envelope.
    if (new URL(c.req.url).pathname.startsWith('/role/')) return failure(c, 404, 'no such API');
    return c.json({ error: { code: 'not_found', message: 'no such route' } }, 404);
  });
  app.onError((err, c) => {
    logError(c, err);
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  return app;
}
