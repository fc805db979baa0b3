import { except } from 'hono/combine';
import { authenticateApps } from '../../domain/apps/access';
import { issuerOf } from '../oauth/request';
import { jsonBody } from '../shared/body';
import { auditAs } from '../shared/audit';
import { appsApp, appsErrorHandler, appsFailure } from './app';
import { contractRoutes } from './contracts';
import { ensureRoutes } from './ensure';
import { isImagePath } from './images';
import { meRoutes } from './me';
import { organizationRoutes } from './organizations';
import { userRoutes } from './users';

/**
 * `/t/:appKey/apps/v1` — the Apps API (PCA ID apps v1) for the tenant's integrated client apps:
 * `Authorization: Bearer <access token of the tenant>` whose client is on the tenant's allow-list;
 * the roles of the token's user limit what it sees.
 */
export function createAppsFace() {
  const face = appsApp();
  face.onError(appsErrorHandler);
  face.use('*', async (c, next) => {
    const appKey = c.req.param('appKey') ?? '';
    const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const { tenant, caller } = await authenticateApps(c.var.deps, appKey, bearer, issuerOf(c, appKey));
    c.set('tenant', tenant);
    c.set('appsCaller', caller);
    auditAs(c, 'apps', caller.accountId ? { kind: 'user', id: caller.accountId, clientId: caller.clientId } : { kind: 'client', id: caller.clientId, clientId: caller.clientId });
    await next();
  });
  // JSON bodies whatever their Content-Type, up to 1 MiB; image uploads carry raw bytes and their own limit.
  face.use('*', except(isImagePath, ...jsonBody((c) => appsFailure(c, 413, 'payload_too_large', 'request body is larger than 1 MiB'))));
  face.route('/', ensureRoutes());
  face.route('/', meRoutes());
  face.route('/', organizationRoutes());
  face.route('/', userRoutes());
  face.route('/', contractRoutes());
  face.all('*', (c) => appsFailure(c, 404, 'not_found', 'no such Apps API route'));
  return face;
}
