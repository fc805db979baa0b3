import { sha256Hex, timingSafeEqual } from '../../lib/crypto';
import { usageStamp } from '../usage-stamp';
import { applyChange } from '../change';
import { DomainError, invalid } from '../errors';
import type { Page, PageRequest } from '../paging';
import type { Deps } from '../ports';
import { revisionMemo } from '../revision-memo';
import { redirectUriProblem } from './redirect-uri';
import { isPublicClient, type ClientSortField, type ClientWithSecrets, type GrantType, type OAuthClient, type TokenEndpointAuthMethod } from './client';

export interface NewClientInput {
  name: string;
  grantType: GrantType;
  redirectUris: string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  tlsClientAuthSubjectDn?: string | null;
  ownerUserId?: string | null;
  audiences?: string[];
  /** Permission names the client may ask for (OAuth scope values); for an owned client they only narrow its owner's. */
  scopes?: string[];
}

/** Every scope must name a permission of the tenant (a typo would silently grant nothing). */
async function checkScopes(deps: Deps, tenantId: string, scopes: readonly string[]) {
  if (scopes.length > 100) throw invalid('scopes takes at most 100 items');
  const found = await deps.repos.permissions.list(tenantId, { names: scopes.map((value) => ({ value, exact: true })) }, { page: 1, itemsPerPage: 100, sort: [] });
  const known = new Set(found.items.map((p) => p.name));
  const unknown = scopes.filter((s) => !known.has(s));
  if (unknown.length > 0) throw invalid(`scopes name no permission of this tenant: ${unknown.join(', ')}`);
}

function checkAudiences(audiences: string[]) {
  if (audiences.length > 10) throw invalid('audiences takes at most 10 items');
  for (const a of audiences) {
    let url: URL;
    try {
      url = new URL(a);
    } catch {
      throw invalid(`audience ${JSON.stringify(a)} is not an absolute URI`);
    }
    if (url.hash) throw invalid('an audience must not have a fragment');
  }
}

/** The grants a client created for `grantType` may use: code and password clients also refresh. */
function grantsFor(grantType: GrantType): GrantType[] {
  return grantType === 'authorization_code' || grantType === 'password' ? [grantType, 'refresh_token'] : [grantType];
}

function checkRedirects(uris: string[]) {
  if (uris.length > 10) throw invalid('redirect_uris takes at most 10 items');
  for (const u of uris) {
    const problem = redirectUriProblem(u);
    if (problem) throw invalid(problem);
  }
}

async function withSecrets(deps: Deps, tenantId: string, clients: OAuthClient[]): Promise<ClientWithSecrets[]> {
  const secrets = await deps.repos.clients.secretsOf(tenantId, clients.map((c) => c.clientId));
  return clients.map((c) => ({ ...c, secrets: secrets.get(c.clientId) ?? [] }));
}

/** Creates a client; a confidential one gets a secret, shown once and stored as a digest. */
export async function createClient(deps: Deps, tenantId: string, input: NewClientInput): Promise<{ client: ClientWithSecrets; clientSecret: string | null }> {
  if (input.name.length < 1 || input.name.length > 256) throw invalid('name must be 1 to 256 characters');
  checkRedirects(input.redirectUris);
  checkAudiences(input.audiences ?? []);
  if (input.scopes?.length) await checkScopes(deps, tenantId, input.scopes);
  if (input.grantType === 'authorization_code' && input.redirectUris.length === 0) throw invalid('an authorization_code client needs a redirect URI');
  if (input.grantType === 'client_credentials' && input.tokenEndpointAuthMethod === 'none') {
    throw invalid('a client_credentials client must authenticate (token_endpoint_auth_method "none" is for public clients)');
  }
  if (input.ownerUserId && !(await deps.repos.users.findMany(tenantId, [input.ownerUserId])).has(input.ownerUserId)) {
    throw new DomainError('user.not_found', `user ${input.ownerUserId} not found`);
  }
  const now = deps.clock.now().toISOString();
  const client: OAuthClient = {
    clientId: crypto.randomUUID(),
    name: input.name,
    grantTypes: grantsFor(input.grantType),
    tokenEndpointAuthMethod: input.tokenEndpointAuthMethod,
    redirectUris: input.redirectUris,
    scopes: [...new Set(input.scopes ?? [])],
    audiences: input.audiences ?? [],
    tlsClientAuthSubjectDn: input.tlsClientAuthSubjectDn ?? null,
    ownerUserId: input.ownerUserId ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const needsSecret = !isPublicClient(client) && client.tokenEndpointAuthMethod !== 'tls_client_auth';
  const clientSecret = needsSecret ? deps.random.token(32) : null;
  const ops = [deps.repos.clients.insert(tenantId, client)];
  if (clientSecret) ops.push(deps.repos.clients.insertSecret(tenantId, client.clientId, { name: 'default', secretHash: await sha256Hex(clientSecret), createdAt: now }));
  await applyChange(deps, tenantId, ops);
  return { client: (await withSecrets(deps, tenantId, [client]))[0]!, clientSecret };
}

export async function getClient(deps: Deps, tenantId: string, clientId: string): Promise<ClientWithSecrets> {
  const client = await deps.repos.clients.find(tenantId, clientId);
  if (!client) throw new DomainError('client.not_found', `client ${clientId} not found`);
  return (await withSecrets(deps, tenantId, [client]))[0]!;
}

export async function listClients(
  deps: Deps,
  tenantId: string,
  filter: { ids?: string[]; nameLike?: string[]; ownerUserId?: string },
  page: PageRequest<ClientSortField>,
): Promise<Page<ClientWithSecrets>> {
  const found = await deps.repos.clients.list(tenantId, filter, page);
  return { totalItems: found.totalItems, items: await withSecrets(deps, tenantId, found.items) };
}

/** An edge's client belongs to the edge: it changes only through the edge's routes (409 here). */
async function requireNotEdge(deps: Deps, tenantId: string, clientId: string) {
  if (await deps.repos.edges.find(tenantId, clientId)) throw new DomainError('conflict', `client ${clientId} is an edge; manage it through /edges/${clientId}`);
}

export async function updateClient(
  deps: Deps,
  tenantId: string,
  clientId: string,
  patch: { name?: string; redirectUris?: string[]; audiences?: string[]; scopes?: string[] },
): Promise<ClientWithSecrets> {
  await getClient(deps, tenantId, clientId);
  await requireNotEdge(deps, tenantId, clientId);
  if (patch.audiences) checkAudiences(patch.audiences);
  if (patch.scopes) {
    await checkScopes(deps, tenantId, patch.scopes);
    patch = { ...patch, scopes: [...new Set(patch.scopes)] };
  }
  if (patch.name !== undefined && (patch.name.length < 1 || patch.name.length > 256)) throw invalid('name must be 1 to 256 characters');
  if (patch.redirectUris) checkRedirects(patch.redirectUris);
  await applyChange(deps, tenantId, [deps.repos.clients.update(tenantId, clientId, { ...patch, updatedAt: deps.clock.now().toISOString() })]);
  return getClient(deps, tenantId, clientId);
}

export async function deleteClient(deps: Deps, tenantId: string, clientId: string): Promise<void> {
  await getClient(deps, tenantId, clientId);
  await requireNotEdge(deps, tenantId, clientId);
  await applyChange(deps, tenantId, deps.repos.clients.delete(tenantId, clientId));
}

// Compared against when the client is unknown, so both paths hash and compare.
const NO_SECRET = '0'.repeat(64);

/**
 * Authenticates a client at the token, introspection and revocation endpoints. Unknown client,
 * missing or wrong secret all fail alike (`invalid_client`); secrets compare in constant time.
 */
export async function authenticateClient(
  deps: Deps,
  tenantId: string,
  presented: { clientId: string; clientSecret?: string; method: 'client_secret_basic' | 'client_secret_post' | 'none' },
): Promise<OAuthClient> {
  const fail = () => new DomainError('oauth.invalid_client', 'client authentication failed');
  const digest = await sha256Hex(presented.clientSecret ?? '');
  // The id of the secret that matches (every digest is compared, so the time says nothing), or null.
  const matches = (hashes: { id: number; secretHash: string }[]) => {
    if (hashes.length === 0) {
      timingSafeEqual(digest, NO_SECRET); // the same work as for a client with secrets
      return null;
    }
    let found: number | null = null;
    for (const h of hashes) if (timingSafeEqual(digest, h.secretHash) && found === null) found = h.id;
    return found;
  };
  let { client, hashes } = await clientCredentialsOf(deps, tenantId, presented.clientId);
  let matched = matches(hashes);
  if (matched === null && presented.clientSecret !== undefined) {
    // T-12: the memo may predate a secret (or client) added on another isolate within the revision
    // memo's second; before refusing, look again at the revision the coordinator confirms now.
    const fresh = await clientCredentialsOf(deps, tenantId, presented.clientId, true).catch(() => null);
    if (fresh) ({ client, hashes } = fresh);
    matched = matches(hashes);
  }
  const secretOk = matched !== null;
  if (!client) throw fail();
  if (isPublicClient(client)) {
    if (presented.method !== 'none') throw fail();
    return client;
  }
  if (client.tokenEndpointAuthMethod === 'tls_client_auth') throw fail(); // no client certificate reaches the Worker
  if (presented.method === 'none' || !secretOk) throw fail();
  await recordSecretUse(deps, tenantId, client.clientId, matched);
  return client;
}

const stampSecretUse = usageStamp();

/** Records that the secret `secretId` authenticated the client now (at most once a minute per isolate). */
async function recordSecretUse(deps: Deps, tenantId: string, clientId: string, secretId: number | null): Promise<void> {
  if (secretId === null) return;
  await stampSecretUse(deps, `${tenantId}\u0000${clientId}\u0000${secretId}`, (at) => deps.repos.clients.touchSecret(tenantId, clientId, secretId, at));
}

/** Adds a named secret to a confidential client; shown once (Create My OAuth2Client Secret). */
export async function addClientSecret(deps: Deps, tenantId: string, clientId: string, name: string) {
  const client = await getClient(deps, tenantId, clientId);
  if (isPublicClient(client)) throw invalid('a public client has no secrets');
  if (name.length < 1 || name.length > 511) throw invalid('name must be 1 to 511 characters');
  const secret = deps.random.token(32);
  const now = deps.clock.now().toISOString();
  await applyChange(deps, tenantId, [deps.repos.clients.insertSecret(tenantId, clientId, { name, secretHash: await sha256Hex(secret), createdAt: now })]);
  const created = (await getClient(deps, tenantId, clientId)).secrets.at(-1)!;
  return { ...created, secret };
}

export async function removeClientSecret(deps: Deps, tenantId: string, clientId: string, secretId: number) {
  const client = await getClient(deps, tenantId, clientId);
  if (!client.secrets.some((s) => s.id === secretId)) throw new DomainError('not_found', `secret ${secretId} not found`);
  await applyChange(deps, tenantId, [deps.repos.clients.deleteSecret(tenantId, clientId, secretId)]);
}

/** A client of `ownerUserId` (the `/me/oauth2-clients` routes see only their own). */
export async function getOwnedClient(deps: Deps, tenantId: string, ownerUserId: string, clientId: string) {
  const client = await getClient(deps, tenantId, clientId);
  if (client.ownerUserId !== ownerUserId) throw new DomainError('client.not_found', `client ${clientId} not found`);
  return client;
}

/**
 * A client and its secret digests, kept in isolate memory per tenant revision: every client or
 * secret change bumps the revision, so a deleted secret stops working as soon as the revision
 * moves (at once on this isolate, within the revision memo's second elsewhere).
 */
const clientMemo = revisionMemo(async (deps, tenantId, clientId) => {
  const client = await deps.repos.clients.find(tenantId, clientId);
  return { client, hashes: client ? await deps.repos.clients.secretHashes(tenantId, client.clientId) : [] };
});

async function clientCredentialsOf(deps: Deps, tenantId: string, clientId: string, fresh = false) {
  return clientMemo(deps, tenantId, await deps.decisions.revision(tenantId, fresh), clientId);
}
