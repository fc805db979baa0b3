import { sha256Hex } from '../../lib/crypto';
import { applyChange } from '../change';
import type { ClientSecret, OAuthClient } from '../clients/client';
import { addClientSecret, removeClientSecret } from '../clients/clients';
import { DomainError, invalid } from '../errors';
import type { Page, PageRequest } from '../paging';
import type { Deps } from '../ports';
import { DEFAULT_ROLE_MEMBER } from '../permissions/defaults';
import { ALL_SCOPE } from '../tenants/tenant';
import { additionHistory, userAddedHistory } from '../users/history';
import { principalRemovalOps } from '../users/principal-removal';
import type { Edge, EdgeFilter, EdgeRecord, EdgeSortField } from './edge';

/** An edge as the Identity API shows it: owner resolved, secrets listed (never their values). */
export interface EdgeView extends EdgeRecord {
  secrets: ClientSecret[];
}

/**
 * Whose edges a route may touch: `{ ownerUserId }` for `/users/{user_uuid}/edges…` and
 * `/me/edges…` (another owner's edge is not found there), nothing for the tenant-wide routes.
 */
export interface EdgeScope {
  ownerUserId?: string;
}

const NAME = /^[0-9a-zA-Z\-_]{1,255}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkProfile(p: { name?: string; nickname?: string | null; description?: string | null }) {
  if (p.name !== undefined && !NAME.test(p.name)) throw invalid('name must be 1 to 255 characters of letters, digits, "-" and "_"');
  if (p.nickname != null && p.nickname.length > 511) throw invalid('nickname must be at most 511 characters');
  if (p.description != null && p.description.length > 65535) throw invalid('description must be at most 65535 characters');
}

const edgeNotFound = (edgeId: string) => new DomainError('not_found', `edge ${edgeId} not found`);
const nameTaken = (name: string) => new DomainError('conflict', `an edge named ${name} already exists`);

/**
 * Only a user (an Identity API account) owns edges. `as: 'caller'` is the `/me/edges` case, where a
 * caller that is not a user (an edge's own token) is refused rather than "not found".
 */
async function requireOwner(deps: Deps, tenantId: string, userId: string, as: 'given' | 'caller' = 'given'): Promise<void> {
  if (await deps.repos.accounts.find(tenantId, userId)) return;
  if (as === 'caller') throw new DomainError('forbidden', 'only a user can own edges');
  throw new DomainError('user.not_found', `user ${userId} not found`);
}

async function withSecrets(deps: Deps, tenantId: string, edges: EdgeRecord[]): Promise<EdgeView[]> {
  const secrets = await deps.repos.clients.secretsOf(tenantId, edges.map((e) => e.edgeId));
  return edges.map((e) => ({ ...e, secrets: secrets.get(e.edgeId) ?? [] }));
}

/** The tenant's role(s) named `member`: what a new edge holds in scope ALL (so it may read `/v1/edges/me`). */
async function memberRoleIds(deps: Deps, tenantId: string): Promise<string[]> {
  const found = await deps.repos.roles.search(tenantId, { roleNameLike: DEFAULT_ROLE_MEMBER }, { page: 1, itemsPerPage: 1000, sort: [{ field: 'createdAt', direction: 'ASC' }] });
  return found.items.filter((r) => r.roleName === DEFAULT_ROLE_MEMBER).map((r) => r.roleId);
}

export interface NewEdgeInput {
  name: string;
  nickname?: string | null;
  description?: string | null;
  /** The owning user; none for Create Edge. */
  ownerUserId?: string | null;
  /** Create My Edge with UUID; a random UUID otherwise. */
  edgeId?: string;
}

/**
 * Creates an edge in one batch: the principal (Role API user holding the tenant's `member` role in
 * scope ALL, with its history), the edge row, its OAuth client (client_id = edge uuid,
 * `client_credentials`, no client owner) and a first secret, shown once and stored as a digest.
 */
export async function createEdge(deps: Deps, tenantId: string, input: NewEdgeInput, ownerIs: 'given' | 'caller' = 'given'): Promise<{ edge: EdgeView; clientSecret: string }> {
  checkProfile(input);
  if (input.edgeId !== undefined && !UUID.test(input.edgeId)) throw invalid('edge_uuid must be a UUID');
  const edgeId = input.edgeId?.toLowerCase() ?? crypto.randomUUID();
  if (input.ownerUserId) await requireOwner(deps, tenantId, input.ownerUserId, ownerIs);
  if (await deps.repos.edges.findByName(tenantId, input.name)) throw nameTaken(input.name);
  const [principal, client] = await Promise.all([deps.repos.users.findMany(tenantId, [edgeId]), deps.repos.clients.find(tenantId, edgeId)]);
  if (principal.has(edgeId) || client) throw new DomainError('conflict', `the uuid ${edgeId} is already taken`);
  const roleIds = await memberRoleIds(deps, tenantId);
  const now = deps.clock.now().toISOString();
  const edge: Edge = {
    edgeId,
    ownerUserId: input.ownerUserId ?? null,
    name: input.name,
    nickname: input.nickname ?? '',
    description: input.description ?? '',
    createdAt: now,
    updatedAt: now,
  };
  const edgeClient: OAuthClient = {
    clientId: edgeId,
    name: input.name,
    grantTypes: ['client_credentials'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: [],
    scopes: [],
    audiences: [],
    tlsClientAuthSubjectDn: null,
    // The client has no owner: a client_credentials token's subject is then the edge itself.
    ownerUserId: null,
    createdAt: now,
    updatedAt: now,
  };
  const relations = roleIds.map((roleId) => ({ userId: edgeId, roleId, scopeId: ALL_SCOPE, policy: 'ALLOW' as const, conditions: [], createdAt: now }));
  const clientSecret = deps.random.token(32);
  await applyChange(
    deps,
    tenantId,
    [
      ...deps.repos.users.insertUsers(tenantId, [{ userId: edgeId, description: null, createdAt: now }]),
      ...deps.repos.users.insertRelations(tenantId, relations),
      ...deps.repos.users.insertHistories(tenantId, [userAddedHistory(deps, edgeId), ...relations.map((r) => additionHistory(deps, r))]),
      deps.repos.edges.insert(tenantId, edge),
      deps.repos.clients.insert(tenantId, edgeClient),
      deps.repos.clients.insertSecret(tenantId, edgeId, { name: 'default', secretHash: await sha256Hex(clientSecret), createdAt: now }),
    ],
    'conflict',
  );
  return { edge: await getEdge(deps, tenantId, edgeId), clientSecret };
}

/** The edge, if `scope` may see it (another owner's edge is not found). */
export async function getEdge(deps: Deps, tenantId: string, edgeId: string, scope: EdgeScope = {}): Promise<EdgeView> {
  const edge = await deps.repos.edges.find(tenantId, edgeId);
  if (!edge || (scope.ownerUserId !== undefined && edge.ownerUserId !== scope.ownerUserId)) throw edgeNotFound(edgeId);
  return (await withSecrets(deps, tenantId, [edge]))[0]!;
}

/** Get Edge having the same UUID as Me: the edge whose uuid is the caller's (an edge's own token). */
export const edgeOfCaller = (deps: Deps, tenantId: string, callerId: string) => getEdge(deps, tenantId, callerId);

export async function listEdges(deps: Deps, tenantId: string, filter: EdgeFilter, page: PageRequest<EdgeSortField>): Promise<Page<EdgeView>> {
  const found = await deps.repos.edges.list(tenantId, filter, page);
  return { totalItems: found.totalItems, items: await withSecrets(deps, tenantId, found.items) };
}

/** List User's / My Edges: the user must exist; for `/me` a caller that is not a user owns none. */
export async function listOwnedEdges(deps: Deps, tenantId: string, ownerUserId: string, page: PageRequest<EdgeSortField>, ownerIs: 'given' | 'caller' = 'given') {
  if (ownerIs === 'given') await requireOwner(deps, tenantId, ownerUserId);
  return listEdges(deps, tenantId, { ownerUserIds: [ownerUserId] }, page);
}

/** Renames / describes the edge; its OAuth client keeps the edge's name. */
export async function updateEdge(
  deps: Deps,
  tenantId: string,
  edgeId: string,
  patch: { name?: string; nickname?: string; description?: string },
  scope: EdgeScope = {},
): Promise<EdgeView> {
  checkProfile(patch);
  await getEdge(deps, tenantId, edgeId, scope);
  if (patch.name !== undefined) {
    const other = await deps.repos.edges.findByName(tenantId, patch.name);
    if (other && other.edgeId !== edgeId) throw nameTaken(patch.name);
  }
  const updatedAt = deps.clock.now().toISOString();
  const ops = [deps.repos.edges.update(tenantId, edgeId, { ...patch, updatedAt })];
  if (patch.name !== undefined) ops.push(deps.repos.clients.update(tenantId, edgeId, { name: patch.name, updatedAt }));
  await applyChange(deps, tenantId, ops, 'conflict');
  return getEdge(deps, tenantId, edgeId);
}

/**
 * Deletes the edge everywhere, in one batch: the principal with its relations (REMOVE and
 * USER_REMOVE histories, as the Role API does) and group memberships, the edge row, its OAuth
 * client and secrets, and its refresh tokens.
 */
export async function deleteEdge(deps: Deps, tenantId: string, edgeId: string, scope: EdgeScope = {}): Promise<void> {
  await getEdge(deps, tenantId, edgeId, scope);
  await applyChange(deps, tenantId, await principalRemovalOps(deps, tenantId, [edgeId]));
}

/** Assign Owner: the owner must be an existing user. */
export async function assignEdgeOwner(deps: Deps, tenantId: string, edgeId: string, userId: string): Promise<{ userId: string }> {
  await getEdge(deps, tenantId, edgeId);
  await requireOwner(deps, tenantId, userId);
  await applyChange(deps, tenantId, [deps.repos.edges.update(tenantId, edgeId, { ownerUserId: userId, updatedAt: deps.clock.now().toISOString() })]);
  return { userId };
}

/** Unassign Owner: the edge has no owner afterwards (also when it had none). */
export async function unassignEdgeOwner(deps: Deps, tenantId: string, edgeId: string): Promise<void> {
  await getEdge(deps, tenantId, edgeId);
  await applyChange(deps, tenantId, [deps.repos.edges.update(tenantId, edgeId, { ownerUserId: null, updatedAt: deps.clock.now().toISOString() })]);
}

/** Create (My) Edge's Secret: a new client secret, shown once. */
export async function addEdgeSecret(deps: Deps, tenantId: string, edgeId: string, name: string | undefined, scope: EdgeScope = {}) {
  await getEdge(deps, tenantId, edgeId, scope);
  return addClientSecret(deps, tenantId, edgeId, name ?? 'secret');
}

/** Delete (My) Edge's Secret: the secret stops working at once. */
export async function removeEdgeSecret(deps: Deps, tenantId: string, edgeId: string, secretId: number, scope: EdgeScope = {}) {
  await getEdge(deps, tenantId, edgeId, scope);
  await removeClientSecret(deps, tenantId, edgeId, secretId);
}
