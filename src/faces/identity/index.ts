import { authenticateTenant } from '../../domain/tenants/tenants';
import { jsonBody } from '../shared/body';
import { auditAs, callerActor } from '../shared/audit';
import { identityApp, identityErrorHandler, identityFailure, identityTooLarge } from './app';
import { oauth2ClientRoutes } from './oauth2-clients';
import { userRoutes } from './users';
import { apiTokenRoutes } from './api-tokens';
import { meRoutes } from './me';
import { myClientRoutes } from './my-clients';
import { roleRoutes } from './roles';
import { scopeRoutes } from './scopes';
import { emailRoutes, emailVerificationRoutes } from './emails';
import { edgeRoutes } from './edges';
import { myEdgeRoutes } from './my-edges';
import { authorizationRoutes } from './authorization';
import { groupRoutes } from './groups';
import { appsClientRoutes } from './apps-clients';
import { bearerPrincipal } from '../../domain/identity/principal';
import { callerMay } from '../../domain/identity/caller-access';
import { issuerOf } from '../oauth/request';
import { caseInsensitiveJsonKeys } from './lowercase-keys';

/**
 * `/t/:appKey/v1` — the Identity API (intdash). Callers authenticate with the tenant's
 * `X-Secret-Key`, or a Bearer access token or API token of the tenant; every call is then
 * authorized by the HTTP check (the caller's permissions' endpoint rules).
 */
export function createIdentityFace() {
  const face = identityApp();
  face.onError(identityErrorHandler);
  // The verification mail's target: the token is the credential, so it comes before authentication.
  face.route('/', emailVerificationRoutes());
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
      c.set('principal', found.caller);
    }
    auditAs(c, 'identity', callerActor(c.var.principal));
    await next();
  });
  // Every call is authorized by the HTTP check: the caller's roles -> permissions -> endpoint rules,
  // on the path below the tenant (`/v1/users/…`). The tenant segment is cut as sent: the router
  // decodes the appKey, so a percent-encoded one is longer in the path than its decoded length.
  face.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname.replace(/^\/t\/[^/]*/, '');
    if (!(await callerMay(c.var.deps, c.var.tenant.appKey, c.var.principal, c.req.method, path))) {
      c.header('WWW-Authenticate', 'Bearer error="insufficient_scope"'); // RFC 6750 §3.1 (H-3)
      return identityFailure(c, 403, 'forbidden', 'the caller has no permission for this endpoint');
    }
    await next();
  });
  face.use('*', ...jsonBody(identityTooLarge), caseInsensitiveJsonKeys);
  face.route('/', oauth2ClientRoutes());
  face.route('/', userRoutes());
  face.route('/', apiTokenRoutes());
  face.route('/', meRoutes());
  face.route('/', myClientRoutes());
  face.route('/', roleRoutes());
  face.route('/', scopeRoutes());
  face.route('/', emailRoutes());
  face.route('/', edgeRoutes());
  face.route('/', myEdgeRoutes());
  face.route('/', authorizationRoutes());
  face.route('/', groupRoutes());
  face.route('/', appsClientRoutes());
  face.all('*', (c) => identityFailure(c, 404, 'not_found', 'no such Identity API route'));
  return face;
}
