import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';
import type { ClientSecret, ClientSortField, OAuthClient } from './client';

export interface ClientRepository {
  find(tenantId: string, clientId: string): Promise<OAuthClient | null>;
  list(tenantId: string, filter: { ids?: string[]; nameLike?: string[]; ownerUserId?: string }, page: PageRequest<ClientSortField>): Promise<Page<OAuthClient>>;
  secretsOf(tenantId: string, clientIds: string[]): Promise<Map<string, ClientSecret[]>>;
  /** The client's secret digests, for authentication. */
  secretHashes(tenantId: string, clientId: string): Promise<{ id: number; secretHash: string }[]>;
  insert(tenantId: string, client: OAuthClient): WriteOp;
  update(tenantId: string, clientId: string, patch: { name?: string; redirectUris?: string[]; audiences?: string[]; scopes?: string[]; updatedAt: string }): WriteOp;
  delete(tenantId: string, clientId: string): WriteOp[];
  insertSecret(tenantId: string, clientId: string, secret: { name: string; secretHash: string; createdAt: string }): WriteOp;
  deleteSecret(tenantId: string, clientId: string, secretId: number): WriteOp;
  /** Sets the secret's `last_used_at` (a bookkeeping write: no revision, nothing cached depends on it). */
  touchSecret(tenantId: string, clientId: string, secretId: number, at: string): Promise<void>;
}
