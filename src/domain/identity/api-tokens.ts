import { applyChange } from '../change';
import { sha256Hex } from '../../lib/crypto';
import { DomainError, invalid } from '../errors';
import type { Page, PageRequest } from '../paging';
import type { Deps, WriteOp } from '../ports';
import { revisionMemo } from '../revision-memo';
import { usageStamp } from '../usage-stamp';
import { requireAccount } from './accounts';

export interface ApiToken {
  id: number;
  userId: string;
  name: string;
  expiredAt: string | null;
  /** The last time it authenticated a caller (to about a minute), null when never. */
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ApiTokenRepository {
  list(tenantId: string, userId: string, page: PageRequest<'createdAt'>): Promise<Page<ApiToken>>;
  find(tenantId: string, userId: string, id: number): Promise<ApiToken | null>;
  findByHash(tenantId: string, tokenHash: string): Promise<ApiToken | null>;
  insert(tenantId: string, token: Omit<ApiToken, 'id' | 'lastUsedAt'> & { tokenHash: string }): WriteOp;
  /** Sets `last_used_at` (bookkeeping: no revision, nothing cached depends on it). */
  touch(tenantId: string, id: number, at: string): Promise<void>;
  rename(tenantId: string, id: number, name: string, updatedAt: string): WriteOp;
  delete(tenantId: string, id: number): WriteOp;
}

function checkName(name: string) {
  if (name.length < 1 || name.length > 256) throw invalid('name must be 1 to 256 characters');
}

/** Creates an API token for a user; the token is shown once and stored as a digest (S-9). */
export async function createApiToken(deps: Deps, tenantId: string, userId: string, input: { name: string; expiredAt?: string | null }) {
  await requireAccount(deps, tenantId, userId);
  checkName(input.name);
  if (input.expiredAt && Number.isNaN(Date.parse(input.expiredAt))) throw invalid('expired_at must be a date-time');
  const token = `eiat_${deps.random.token(32)}`;
  const now = deps.clock.now().toISOString();
  const expiredAt = input.expiredAt ? new Date(input.expiredAt).toISOString() : null;
  await applyChange(deps, tenantId, [deps.repos.apiTokens.insert(tenantId, { userId, name: input.name, expiredAt, createdAt: now, updatedAt: now, tokenHash: await sha256Hex(token) })]);
  const created = (await deps.repos.apiTokens.findByHash(tenantId, await sha256Hex(token)))!;
  return { apiToken: created, token };
}

export async function listApiTokens(deps: Deps, tenantId: string, userId: string, page: PageRequest<'createdAt'>) {
  await requireAccount(deps, tenantId, userId);
  return deps.repos.apiTokens.list(tenantId, userId, page);
}

async function requireToken(deps: Deps, tenantId: string, userId: string, id: number) {
  const found = await deps.repos.apiTokens.find(tenantId, userId, id);
  if (!found) throw new DomainError('not_found', `API token ${id} not found`);
  return found;
}

export async function renameApiToken(deps: Deps, tenantId: string, userId: string, id: number, name: string) {
  await requireToken(deps, tenantId, userId, id);
  checkName(name);
  await applyChange(deps, tenantId, [deps.repos.apiTokens.rename(tenantId, id, name, deps.clock.now().toISOString())]);
  return requireToken(deps, tenantId, userId, id);
}

export async function deleteApiToken(deps: Deps, tenantId: string, userId: string, id: number) {
  await requireToken(deps, tenantId, userId, id);
  await applyChange(deps, tenantId, [deps.repos.apiTokens.delete(tenantId, id)]);
}

/**
 * An API token by its digest, with whether its user may act, per tenant revision (token and
 * account writes bump it): a Bearer API token costs no D1 read once seen at a revision.
 */
const tokenByDigest = revisionMemo(async (deps, tenantId, digest) => {
  const found = await deps.repos.apiTokens.findByHash(tenantId, digest);
  if (!found) return null;
  const account = await deps.repos.accounts.find(tenantId, found.userId);
  return { apiToken: found, userMayAct: !!account && !account.disabled };
});

const stampTokenUse = usageStamp();

/** Records that the API token authenticated a caller now (`last_used_at`, at most once a minute per isolate). */
export function recordApiTokenUse(deps: Deps, tenantId: string, id: number): Promise<void> {
  return stampTokenUse(deps, `${tenantId}\u0000${id}`, (at) => deps.repos.apiTokens.touch(tenantId, id, at));
}

/** The user an API token acts for, or null when it is unknown, expired or its user cannot sign in (introspection: not a use). */
export async function apiTokenPrincipal(deps: Deps, tenantId: string, token: string, revision?: number): Promise<{ userId: string; apiToken: ApiToken } | null> {
  const at = revision ?? (await deps.decisions.revision(tenantId, false));
  const found = await tokenByDigest(deps, tenantId, at, await sha256Hex(token));
  if (!found || !found.userMayAct) return null;
  if (found.apiToken.expiredAt && Date.parse(found.apiToken.expiredAt) <= deps.clock.now().getTime()) return null;
  return { userId: found.apiToken.userId, apiToken: found.apiToken };
}
