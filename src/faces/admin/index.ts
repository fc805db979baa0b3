import { jsonBody } from '../shared/body';
import { auditAs } from '../shared/audit';
import { auditRoutes } from './audit';
import { isOperatorToken } from '../shared/operator-token';
import { adminApp, adminErrorHandler, adminFailure } from './app';
import { organizationRoutes } from './organizations';
import { tenantRoutes } from './tenants';
import { outboxRoutes } from './outbox';
import { maintenanceRoutes } from './maintenance';
import { appsAdminImageRoutes, appsAdminRoutes } from './apps';

/** `/admin/v1` — the operator API, authenticated by `Authorization: Bearer $ADMIN_TOKEN`. */
export function createAdminFace() {
  const face = adminApp();
  face.onError(adminErrorHandler);
  face.use('*', async (c, next) => {
    const presented = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!(await isOperatorToken(c.env.ADMIN_TOKEN, presented))) {
      c.header('WWW-Authenticate', 'Bearer realm="admin"');
      return adminFailure(c, 401, 'unauthorized', 'a valid operator token is required');
    }
    auditAs(c, 'admin', { kind: 'operator', id: null });
    await next();
  });
  // Raw image uploads: before the JSON-body middleware, which would re-label them as JSON.
  face.route('/', appsAdminImageRoutes());
  face.use('*', ...jsonBody((c) => adminFailure(c, 413, 'too_large', 'request body is larger than 1 MiB')));
  face.route('/', organizationRoutes());
  face.route('/', tenantRoutes());
  face.route('/', outboxRoutes());
  face.route('/', auditRoutes());
  face.route('/', maintenanceRoutes());
  face.route('/', appsAdminRoutes());
  face.all('*', (c) => adminFailure(c, 404, 'not_found', 'no such operator API route'));
  return face;
}
