import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';

/**
 * An edge (intdash): a machine identity. It is a principal — the Role API user with
 * userId = edgeId, so it holds roles and group memberships — and it signs in as the OAuth client
 * with clientId = edgeId (`client_credentials`, its secrets are that client's). The client has no
 * owner, so its tokens' subject is the edge itself; the edge's owner is a user who manages it.
 */
export interface Edge {
  edgeId: string;
  ownerUserId: string | null;
  name: string;
  nickname: string;
  description: string;
  createdAt: string;
  updatedAt: string;
}

/** The owning user as an edge shows it. */
export interface EdgeOwner {
  userId: string;
  name: string;
  nickname: string;
}

/** An edge with its owner resolved (null when it has none, or the owner no longer exists). */
export interface EdgeRecord extends Edge {
  owner: EdgeOwner | null;
}

export type EdgeSortField = 'name' | 'createdAt' | 'updatedAt';

export interface EdgeFilter {
  edgeIds?: string[];
  /** Case-insensitive partial matches; any of them. */
  names?: string[];
  nicknames?: string[];
  ownerUserIds?: string[];
  hasOwner?: boolean;
}

export interface EdgeRepository {
  find(tenantId: string, edgeId: string): Promise<EdgeRecord | null>;
  findByName(tenantId: string, name: string): Promise<Edge | null>;
  list(tenantId: string, filter: EdgeFilter, page: PageRequest<EdgeSortField>): Promise<Page<EdgeRecord>>;
  insert(tenantId: string, edge: Edge): WriteOp;
  update(tenantId: string, edgeId: string, patch: { name?: string; nickname?: string; description?: string; ownerUserId?: string | null; updatedAt: string }): WriteOp;
  /** The edge row (the principal, its memberships and its client go through their own repositories). */
  delete(tenantId: string, edgeId: string): WriteOp;
  /** Every edge owned by `ownerUserId` loses its owner (for when that user is deleted). */
  releaseOwner(tenantId: string, ownerUserId: string, at: string): WriteOp;
}
