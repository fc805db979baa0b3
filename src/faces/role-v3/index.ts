import { authenticateTenant } from '../../domain/tenants/tenants';
import { jsonBody } from '../shared/body';
import { auditAs } from '../shared/audit';
import { failure } from './envelope';
import { roleApp, roleErrorHandler } from './app';
import { attributeDataTypeRoutes } from './attribute-data-types';
import { attributeRoleRoutes } from './attribute-roles';
import { attributeTagRoutes } from './attribute-tags';
import { attributeRoutes } from './attributes';
import { checkRoutes } from './checks';
import { configRoutes } from './config';
import { operationRoutes } from './operations';
import { resourceAuthorizationRoutes } from './resource-authorizations';
import { resourceHierarchyRoutes } from './resource-hierarchy';
import { resourceRoutes } from './resources';
import { roleRelationRoutes } from './role-relations';
import { roleTagRoutes } from './role-tags';
import { roleRoutes } from './roles';
import { scopeRoutes } from './scopes';
import { userRoutes } from './users';

/** `/role/v3.0/appkeys/:appKey` — NHN ROLE API v3, authenticated by `X-Secret-Key`. */
export function createRoleV3Face() {
  const face = roleApp();
  face.onError(roleErrorHandler);

  // E6: authentication comes before anything else, including validation and routing.
  face.use('*', async (c, next) => {
    const tenant = await authenticateTenant(c.var.deps, c.req.param('appKey') ?? '', c.req.header('x-secret-key'));
    c.set('tenant', tenant);
    auditAs(c, 'role-v3', { kind: 'tenant', id: null });
    await next();
  });
  face.use('*', ...jsonBody((c) => failure(c, 400, 'request body is larger than 1 MiB')));

  // Sections with fixed paths (`.../tags/id`, `.../hierarchy/search`, `.../data-types`) are mounted
  // before those whose paths start with an id parameter, so that the literal paths win.
  face.route('/', checkRoutes());
  face.route('/', configRoutes());
  face.route('/', roleTagRoutes());
  face.route('/', resourceHierarchyRoutes());
  face.route('/', attributeDataTypeRoutes());
  face.route('/', attributeTagRoutes());
  face.route('/', userRoutes());
  face.route('/', roleRoutes());
  face.route('/', roleRelationRoutes());
  face.route('/', scopeRoutes());
  face.route('/', resourceRoutes());
  face.route('/', resourceAuthorizationRoutes());
  face.route('/', operationRoutes());
  face.route('/', attributeRoutes());
  face.route('/', attributeRoleRoutes());

  // E7: a path or method the API does not have.
  face.all('*', (c) => failure(c, 404, `no API ${c.req.method} ${new URL(c.req.url).pathname}`));
  return face;
}
