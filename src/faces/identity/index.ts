import { authenticateTenant } from '../../domain/tenants/tenants';
import { jsonBody } from '../shared/body';
import { identityApp, identityErrorHandler, identityFailure } from './app';
import { oauth2ClientRoutes } from './oauth2-clients';
import { userRoutes } from './users';

/**
 * `/t/:appKey/v1` — the Identity API (intdash). So far: OAuth2 clients and users, authenticated by the
 * tenant's `X-Secret-Key` (access tokens and API tokens come with the rest of the Identity API).
 */
export function createIdentityFace() {
  const face = identityApp();
  face.onError(identityErrorHandler);
  face.use('*', async (c, next) => {
    c.set('tenant', await authenticateTenant(c.var.deps, c.req.param('appKey') ?? '', c.req.header('x-secret-key')));
    await next();
  });
  face.use('*', ...jsonBody((c) => identityFailure(c, 400, 'invalid_request', 'request body is larger than 1 MiB')));
  face.route('/', oauth2ClientRoutes());
  face.route('/', userRoutes());
  face.all('*', (c) => identityFailure(c, 404, 'not_found', 'no such Identity API route'));
  return face;
}
