import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { clientAuthFailure, limitFailures, passwordFailure } from '../../domain/abuse/limits';
import { DomainError } from '../../domain/errors';
import { authenticateTenant } from '../../domain/tenants/tenants';
import { forgetJwks, publishedJwks } from '../../domain/keys/jwks';
import { JWKS_MAX_AGE_SECONDS } from '../../domain/keys/signing-key';
import { activeSigner } from '../../domain/tokens/signer';
import { introspect, revoke } from '../../domain/tokens/token-service';
import type { AppEnv } from '../../env';
import { noStore, oauthError, oauthErrorHandler } from './errors';
import { clientCredentialsGrant } from '../../domain/tokens/token-service';
import { passwordGrant, refreshTokenGrant } from '../../domain/tokens/user-grants';
import { authorizationCodeGrant } from '../../domain/tokens/authorization-code';
import { authorizeGet, authorizePost } from './authorize';
import { userinfo } from './userinfo';
import { clientCredentials, issuerOf, presentedClientId, readForm, sourceAddress } from './request';
import { errorPage, HTML_HEADERS } from './sign-in-page';

/** Grant types this deployment serves; discovery advertises exactly these (D-3). */
const GRANTS = {
  authorization_code: authorizationCodeGrant,
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
  refresh_token: refreshTokenGrant,
} as const;


/**
 * Largest form body of the token service (token, introspection, revocation, the sign-in form):
 * an OAuth request is a handful of short parameters, so 64 KiB leaves room for long scopes and
 * state values while a flood of large bodies never reaches the parser.
 */
export const MAX_FORM_BYTES = 64 * 1024;

async function requireTenant(c: Context<AppEnv>, appKey: string) {
  const tenant = await c.var.deps.decisions.tenant(appKey);
  if (!tenant) throw new DomainError('tenant.not_found', `tenant ${appKey} not found`);
  return tenant.record;
}

/** RFC 8414 / OIDC Discovery metadata of one tenant. */
export function metadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/oauth2/token`,
    userinfo_endpoint: `${issuer}/oauth2/userinfo`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    revocation_endpoint: `${issuer}/oauth2/revoke`,
    introspection_endpoint: `${issuer}/oauth2/introspect`,
    grant_types_supported: Object.keys(GRANTS),
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    // Either may sign, per tenant and key (OIDC Discovery also requires RS256 to be listed).
    id_token_signing_alg_values_supported: ['ES256', 'RS256'],
    authorization_response_iss_parameter_supported: true,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: ['openid', 'profile'],
    access_token_signing_alg_values_supported: ['ES256', 'RS256'],
  };
}

/** Discovery document of the tenant named by the route's `:appKey` (D-1, D-2). */
export async function discovery(c: Context<AppEnv>) {
  const appKey = c.req.param('appKey')!;
  await requireTenant(c, appKey);
  return c.json(metadata(issuerOf(c, appKey)));
}

/** `/t/:appKey` — the tenant's OAuth 2.0 authorization server (client_credentials so far). */
export function createOAuthFace() {
  const face = new Hono<AppEnv>();
  face.onError(oauthErrorHandler);
  face.post('/oauth2/authorize', bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.body(errorPage('The request is too large.'), 413, HTML_HEADERS) }));
  face.post('/oauth2/*', bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => oauthError(c, 'invalid_request', `the body is larger than ${MAX_FORM_BYTES} bytes`, 413) }));

  face.get('/.well-known/openid-configuration', discovery);
  face.get('/.well-known/oauth-authorization-server', discovery);

  face.get('/.well-known/jwks.json', async (c) => {
    const appKey = c.req.param('appKey')!;
    await requireTenant(c, appKey);
    let jwks = await publishedJwks(c.var.deps, appKey);
    if (jwks.keys.length === 0 && c.env.KEY_ENCRYPTION_KEY) {
      // The tenant's first key, created on first request: published here before anything is signed with it.
      await activeSigner(c.var.deps, appKey);
      forgetJwks(appKey);
      jwks = await publishedJwks(c.var.deps, appKey);
    }
    return c.body(JSON.stringify(jwks), 200, {
      'content-type': 'application/jwk-set+json; charset=utf-8',
      'cache-control': `public, max-age=${JWKS_MAX_AGE_SECONDS}`,
    });
  });

  face.get('/oauth2/authorize', async (c) => {
    await requireTenant(c, c.req.param('appKey')!);
    return authorizeGet(c);
  });
  face.post('/oauth2/authorize', async (c) => {
    await requireTenant(c, c.req.param('appKey')!);
    return authorizePost(c);
  });
  face.on(['GET', 'POST'], '/oauth2/userinfo', async (c) => {
    await requireTenant(c, c.req.param('appKey')!);
    return userinfo(c);
  });

  face.post('/oauth2/token', async (c) => {
    noStore(c);
    const appKey = c.req.param('appKey')!;
    await requireTenant(c, appKey);
    const form = await readForm(c);
    const grantType = form.get('grant_type');
    if (!grantType) return oauthError(c, 'invalid_request', 'grant_type is required');
    const grant = GRANTS[grantType as keyof typeof GRANTS];
    if (!grant) return oauthError(c, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
    // Client authentication failures of every grant, and wrong passwords of the password grant, count
    // against the client and the source address; a blocked one gets 429 before anything is checked (T-10, S-6).
    const attempt = { source: sourceAddress(c), clientId: presentedClientId(c, form), counts: grantType === 'password' ? passwordFailure : clientAuthFailure };
    const body = await limitFailures(c.var.deps, appKey, attempt, () => grant(c.var.deps, appKey, issuerOf(c, appKey), clientCredentials(c, form), form));
    return c.json(body, 200);
  });
  // T-6: other methods are 405 in the endpoint's own error format (not the root 404).
  for (const path of ['/oauth2/token', '/oauth2/introspect', '/oauth2/revoke']) face.on(['GET', 'PUT', 'DELETE', 'PATCH'], path, (c) => oauthError(c, 'invalid_request', 'use POST', 405));
  face.on(['PUT', 'DELETE', 'PATCH'], '/oauth2/userinfo', (c) => oauthError(c, 'invalid_request', 'use GET or POST', 405));

  face.post('/oauth2/introspect', async (c) => {
    noStore(c);
    const appKey = c.req.param('appKey')!;
    await requireTenant(c, appKey);
    const form = await readForm(c);
    const token = form.get('token');
    // The tenant's secret key may introspect too (the operator's own tools).
    const secretKey = c.req.header('x-secret-key');
    const attempt = { source: sourceAddress(c), clientId: secretKey !== undefined ? null : presentedClientId(c, form), counts: clientAuthFailure };
    const answer = await limitFailures(c.var.deps, appKey, attempt, async () => {
      const credentials = secretKey !== undefined ? (await authenticateTenant(c.var.deps, appKey, secretKey), 'tenant' as const) : clientCredentials(c, form);
      if (!token) throw new DomainError('oauth.invalid_request', 'token is required');
      return introspect(c.var.deps, appKey, issuerOf(c, appKey), credentials, token);
    });
    return c.json(answer, 200);
  });

  face.post('/oauth2/revoke', async (c) => {
    noStore(c);
    const appKey = c.req.param('appKey')!;
    await requireTenant(c, appKey);
    const form = await readForm(c);
    const attempt = { source: sourceAddress(c), clientId: presentedClientId(c, form), counts: clientAuthFailure };
    await limitFailures(c.var.deps, appKey, attempt, async () => {
      const credentials = clientCredentials(c, form);
      const token = form.get('token');
      if (!token) throw new DomainError('oauth.invalid_request', 'token is required');
      await revoke(c.var.deps, appKey, issuerOf(c, appKey), credentials, token);
    });
    return c.body(null, 200);
  });
  return face;
}
