import { createLocalJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { DomainError } from '../errors';
import { publishedJwks } from '../keys/jwks';
import type { Deps } from '../ports';
import { activeSigner } from './signer';

/** Access-token lifetime in seconds. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
/** Clock skew tolerated when verifying `exp`/`nbf`/`iat`. */
const CLOCK_SKEW_SECONDS = 30;

export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  client_id: string;
  jti: string;
  iat: number;
  exp: number;
  scope?: string;
}

/** RFC 9068 access token, signed with the tenant's active key. */
export async function issueAccessToken(
  deps: Deps,
  input: { tenantId: string; issuer: string; clientId: string; subject: string; scope: string; audience?: string },
): Promise<{ token: string; expiresIn: number; claims: AccessTokenClaims }> {
  const signer = await activeSigner(deps, input.tenantId);
  const iat = Math.floor(deps.clock.now().getTime() / 1000);
  const claims: AccessTokenClaims = {
    iss: input.issuer,
    sub: input.subject,
    aud: input.audience ?? input.issuer,
    client_id: input.clientId,
    jti: deps.random.token(16),
    iat,
    exp: iat + ACCESS_TOKEN_TTL_SECONDS,
    ...(input.scope ? { scope: input.scope } : {}),
  };
  const token = await new SignJWT(claims).setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'at+jwt' }).sign(signer.key);
  return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS, claims };
}

/**
 * Verifies an access token of tenant `tenantId` (J-1..J-6): only the tenant's own keys (an unknown
 * `kid` fails; nothing the token names is ever fetched), only asymmetric algorithms, `typ`
 * `at+jwt`, issuer `…/t/{tenantId}` (exactly `issuer` when the caller knows it), audience = issuer,
 * time claims with a small skew, and not revoked.
 */
export async function verifyAccessToken(
  deps: Deps,
  tenantId: string,
  token: string,
  issuer?: string,
  /** Who the token must be for: the issuer by default (our own APIs), a resource server's URI, or any registered audience ('registered', for introspection). */
  audience?: string | 'registered',
  /**
   * `fresh`: read the revocation from D1 itself, not this isolate's memo (which trusts its revision
   * for up to a second): introspection and userinfo see a revocation made on any isolate at once (V-7).
   */
  revocation: 'memo' | 'fresh' = 'memo',
): Promise<AccessTokenClaims> {
  const invalid = () => new DomainError('oauth.invalid_token', 'the access token is invalid, expired or revoked');
  const jwks = await publishedJwks(deps, tenantId);
  if (jwks.keys.length === 0) throw invalid();
  try {
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ['ES256', 'RS256'],
      typ: 'at+jwt',
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: deps.clock.now(),
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
    });
    if (!protectedHeader.kid) throw invalid();
    const iss = payload.iss!;
    if (issuer ? iss !== issuer : !iss.endsWith(`/t/${tenantId}`)) throw invalid();
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    const meant =
      audience === 'registered'
        ? aud.includes(iss) || (await audienceRegistered(deps, tenantId, payload.client_id as string, aud))
        : aud.includes(audience ?? iss);
    if (!meant) throw invalid();
    const revoked = revocation === 'fresh' ? await deps.repos.revocations.isRevoked(tenantId, payload.jti!) : await isRevoked(deps, tenantId, payload.jti!);
    if (revoked) throw invalid();
    return payload as AccessTokenClaims;
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw invalid();
  }
}

/** RFC 8707: a token whose audience is a resource the client registered (not the issuer). */
async function audienceRegistered(deps: Deps, tenantId: string, clientId: string, aud: (string | undefined)[]): Promise<boolean> {
  const client = await deps.repos.clients.find(tenantId, clientId);
  return !!client && aud.some((a) => a !== undefined && client.audiences.includes(a));
}

/** The audience of a new token: the issuer, or a `resource` the client registered (RFC 8707). */
export function audienceFor(client: { audiences: string[] }, issuer: string, resource: string | undefined): string {
  if (resource === undefined) return issuer;
  if (!client.audiences.includes(resource)) throw new DomainError('oauth.invalid_target', 'resource is not registered for this client');
  return resource;
}

/**
 * Revocation state per tenant revision and jti: every revocation bumps the tenant revision, so a
 * remembered "not revoked" is never trusted past the revision it was read at.
 */
const revocationMemo = new Map<string, boolean>();
const REVOCATION_MEMO_ENTRIES = 50_000;

async function isRevoked(deps: Deps, tenantId: string, jti: string): Promise<boolean> {
  const revision = await deps.decisions.revision(tenantId, false);
  const key = `${tenantId}\u0000${revision}\u0000${jti}`;
  const held = revocationMemo.get(key);
  if (held !== undefined) return held;
  const revoked = await deps.repos.revocations.isRevoked(tenantId, jti);
  revocationMemo.set(key, revoked);
  if (revocationMemo.size > REVOCATION_MEMO_ENTRIES) revocationMemo.delete(revocationMemo.keys().next().value!);
  return revoked;
}
