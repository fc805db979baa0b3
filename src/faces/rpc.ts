import { WorkerEntrypoint } from 'cloudflare:workers';
import { checkResources, checkRoles, type ResourceCheckItem, type RoleCheckItem } from '../domain/decisions/checks';
import { checkHttp, type HttpCheckRequest } from '../domain/decisions/http-check';
import { DomainError } from '../domain/errors';
import { verifyAccessToken } from '../domain/tokens/access-token';
import type { Env } from '../env';
import { buildDeps } from '../storage/deps';

/** What an RPC caller gets when a call fails: the domain's stable code and message. */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

async function translate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError) throw new RpcError(err.code, err.message);
    throw err;
  }
}

/**
 * Typed RPC for other Workers through a service binding (`entrypoint = "EdgeIamRpc"`). The binding
 * is the credential, so there is no secret key; every call names its tenant. The same domain
 * functions as the HTTP checks answer, from the same caches.
 */
export class EdgeIamRpc extends WorkerEntrypoint<Env> {
  /** §9.1 — one result per item, in order. */
  checkResources(appKey: string, userId: string, items: ResourceCheckItem[], options: { minRevision?: number } = {}) {
    return translate(() => checkResources(buildDeps(this.env), appKey, userId, items, options.minRevision));
  }

  /** §9.2 — one result per item, in order. */
  checkRoles(appKey: string, userId: string, items: RoleCheckItem[], options: { minRevision?: number } = {}) {
    return translate(() => checkRoles(buildDeps(this.env), appKey, userId, items, options.minRevision));
  }

  /**
   * Check HTTP Authorization (the Identity API's `POST /authorization/http`): whether `method path`
   * is allowed for the request's scopes, or — with a subject — by its group or project membership.
   */
  checkHttp(appKey: string, request: Omit<HttpCheckRequest, 'within'>, options: { minRevision?: number } = {}) {
    return translate(() => checkHttp(buildDeps(this.env), appKey, { ...request, within: null }, options.minRevision));
  }

  /**
   * Verifies an access token of `appKey` (signature with the tenant's own keys, `typ`, issuer,
   * audience, expiry, revocation) and returns its claims. The issuer must be `ISSUER_ORIGIN/t/{appKey}`
   * when ISSUER_ORIGIN is set, else any origin followed by `/t/{appKey}`. `audience` names the
   * resource server the token must be for (RFC 8707); by default the issuer itself.
   */
  verifyToken(appKey: string, token: string, options: { audience?: string } = {}) {
    const issuer = this.env.ISSUER_ORIGIN ? `${this.env.ISSUER_ORIGIN.replace(/\/$/, '')}/t/${appKey}` : undefined;
    return translate(() => verifyAccessToken(buildDeps(this.env), appKey, token, issuer, options.audience));
  }
}
