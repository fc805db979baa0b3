import { WorkerEntrypoint } from 'cloudflare:workers';
import { checkResources, checkRoles, type ResourceCheckItem, type RoleCheckItem } from '../domain/decisions/checks';
import { DomainError } from '../domain/errors';
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

  /** Access-token verification arrives with the token service (issue 4); until then it says so. */
  async verifyToken(_appKey: string, _token: string): Promise<never> {
    throw new RpcError('unavailable', 'verifyToken needs the token service, which this deployment does not have yet');
  }
}
