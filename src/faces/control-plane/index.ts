import type { Context } from 'hono';
import { decodeJwt } from 'jose';
import { bearerPrincipal } from '../../domain/identity/principal';
import { managedTenant, type ManagementCaller } from '../../domain/tenants/management-access';
import { APP_KEY_PATTERN } from '../../domain/tenants/tenant';
import type { AppEnv } from '../../env';
import { issuerOf } from '../oauth/request';
import { jsonBody } from '../shared/body';
import { auditAs, callerActor } from '../shared/audit';
import { isOperatorToken } from '../shared/operator-token';
import { controlPlaneApp, controlPlaneErrorHandler, controlPlaneFailure } from './app';
import { permissionRoutes } from './permissions';
import { roleRoutes } from './roles';

/** The appKey of the tenant whose issuer (`{origin}/t/{appKey}`) the token names, unverified: only a hint of where to verify it. */
function issuingAppKey(c: Context<AppEnv>, token: string): string | null {
  let iss: unknown;
  try {
    iss = decodeJwt(token).iss;
  } catch {
    return null;
  }
  const prefix = issuerOf(c, '');
  if (typeof iss !== 'string' || !iss.startsWith(prefix)) return null;
  const appKey = iss.slice(prefix.length);
  return APP_KEY_PATTERN.test(appKey) ? appKey : null;
}

/** The operator, or the principal of an access token verified against the tenant that issued it. */
async function managementCaller(c: Context<AppEnv>, token: string): Promise<ManagementCaller | null> {
  if (await isOperatorToken(c.env.ADMIN_TOKEN, token)) return { kind: 'operator' };
  const appKey = issuingAppKey(c, token);
  const found = appKey ? await bearerPrincipal(c.var.deps, appKey, token, issuerOf(c, appKey)) : null;
  return found ? { kind: 'tenant-token', issuer: found.tenant, caller: found.caller } : null;
}

/**
 * `/v1/management/organizations/:organizationId/tenants/:tenantId` — the idp-server control plane
 * (roles and permissions of one tenant), for the operator token or an access token of a tenant of
 * the same organization whose caller may call the endpoint (HTTP check, e.g. permission `all`).
 */
export function createControlPlaneFace() {
  const face = controlPlaneApp();
  face.onError(controlPlaneErrorHandler);
  face.use('*', async (c, next) => {
    const token = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const who = token ? await managementCaller(c, token) : null;
    if (!who) return controlPlaneFailure(c, 401, 'unauthorized', 'a valid operator token or access token is required');
    const request = { method: c.req.method, path: new URL(c.req.url).pathname };
    c.set('tenant', await managedTenant(c.var.deps, c.req.param('organizationId') ?? '', c.req.param('tenantId') ?? '', who, request));
    const foreign = who.kind === 'tenant-token' && who.issuer.appKey !== c.var.tenant.appKey ? who.issuer.appKey : null;
    auditAs(c, 'control-plane', who.kind === 'operator' ? { kind: 'operator', id: null } : { ...callerActor(who.caller), tenantId: foreign });
    await next();
  });
  face.use('*', ...jsonBody((c) => controlPlaneFailure(c, 413, 'invalid_request', 'request body is larger than 1 MiB')));
  face.route('/', roleRoutes());
  face.route('/', permissionRoutes());
  face.all('*', (c) => controlPlaneFailure(c, 404, 'not_found', 'no such control-plane route'));
  return face;
}
