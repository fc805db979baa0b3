import { authenticateTenant } from '../../domain/tenants/tenants';
import { jsonBody } from '../shared/body';
import { failure } from './envelope';
import { roleApp, roleErrorHandler } from './app';
import { scopeRoutes } from './scopes';

/** `/role/v3.0/appkeys/:appKey` — NHN ROLE API v3, authenticated by `X-Secret-Key`. */
export function createRoleV3Face() {
  const face = roleApp();
  face.onError(roleErrorHandler);

  // E6: authentication comes before anything else, including validation and routing.
  face.use('*', async (c, next) => {
    const tenant = await authenticateTenant(c.var.deps, c.req.param('appKey') ?? '', c.req.header('x-secret-key'));
    c.set('tenant', tenant);
    await next();
  });
  face.use('*', ...jsonBody((c) => failure(c, 400, 'request body is larger than 1 MiB')));

  face.route('/', scopeRoutes());

  // E7: a path or method the API does not have.
  face.all('*', (c) => failure(c, 404, `no API ${c.req.method} ${new URL(c.req.url).pathname}`));
  return face;
}
