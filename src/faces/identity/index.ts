import { authenticateTenant } from '../../domain/tenants/tenants';
import { jsonBody } from '../shared/body';
import { identityApp, identityErrorHandler, identityFailure } from './app';
import { oauth2ClientRoutes } from './oauth2-clients';
import { userRoutes } from './users';
import { apiTokenRoutes } from './api-tokens';
import { meRoutes } from './me';
import { myClientRoutes } from './my-clients';
import { bearerPrincipal } from '../../domain/identity/principal';
import { issuerOf } from '../oauth/request';

/**
 * `/t/:appKey/v1` — the Identity API (intdash). So far: OAuth2 clients and users, authenticated by the
 * tenant's `X-Secret-Key` (access tokens and API tokens come with the rest of the Identity API).
 */
export function createIdentityFace() {
  const face = identityApp();
  face.onError(identityErrorHandler);
  face.use('*', async (c, next) => {
    const appKey = c.req.param('appKey') ?? '';
    const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (c.req.header('x-secret-key') !== undefined || !bearer) {
      c.set('tenant', await authenticateTenant(c.var.deps, appKey, c.req.header('x-secret-key')));
      c.set('principal', { kind: 'tenant' });
    } else {
      const found = await bearerPrincipal(c.var.deps, appKey, bearer, issuerOf(c, appKey));
      if (!found) return identityFailure(c, 401, 'unauthorized', 'a valid access token or API token of this tenant is required');
      c.set('tenant', found.tenant);
      c.set('principal', { kind: 'user', userId: found.userId });
    }
    await next();
  });
  // Until the Identity API's own permission check exists, user tokens reach only their own `/me` routes.
  face.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname.slice(`/t/${c.req.param('appKey')}/v1`.length);
    if (c.var.principal.kind === 'user' && !path.startsWith('/me')) return identityFailure(c, 403, 'forbidden', 'this token may only use the /me endpoints');
    await next();
  });
  face.use('*', ...jsonBody((c) => identityFailure(c, 400, 'invalid_request', 'request body is larger than 1 MiB')));
  face.route('/', oauth2ClientRoutes());
  face.route('/', userRoutes());
  face.route('/', apiTokenRoutes());
  face.route('/', meRoutes());
  face.route('/', myClientRoutes());
  face.all('*', (c) => identityFailure(c, 404, 'not_found', 'no such Identity API route'));
  return face;
}
