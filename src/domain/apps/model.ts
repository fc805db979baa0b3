import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';

/**
 * The Apps API (PCA ID apps v1) over the one domain: its organization is the tenant's
 * organization, its users ("accounts") are the tenant's Identity users, service roles are Role API
 * roles whose `roleGroup` is the service partition (held in scope ALL), and contracts are the
 * organization's service contracts per partition.
 */

/** Role names that give a caller more than its own data. */
export const ORGANIZATION_ADMIN_ROLE = 'org_admin';
/** Held as the role of this name whose `roleGroup` is partition P: the product owner of P. */
export const PRODUCT_OWNER_ROLE = 'product_owner';

export interface AllowedClient {
  clientId: string;
  createdAt: string;
}

export type ImageOwnerKind = 'user' | 'organization';

export interface StoredImage {
  contentType: string;
  /** The image bytes, base64. */
  data: string;
  size: number;
  etag: string;
  updatedAt: string;
}

export type ContractStatus = 'active' | 'suspended' | 'cancelled';

export interface Contract {
  servicePartition: string;
  status: ContractStatus;
  plan: string | null;
  startsAt: string | null;
  endsAt: string | null;
  attributes: Record<string, unknown>;
  updatedAt: string;
}

/** The contracts the Apps API serves: what the tenant's coordinator last published. */
export interface PublishedContracts {
  /** Increases by one at every publication. */
  version: number;
  /** Guards against a copy left behind by a deleted tenant of the same appKey. */
  tenantCreatedAt: string;
  publishedAt: string;
  contracts: Record<string, Contract>;
}

/** A role as the Apps API sees it (from the Role API's roles). */
export interface CatalogRole {
  roleId: string;
  roleName: string | null;
  roleGroup: string | null;
}

export interface AppsRepository {
  allowedClients(tenantId: string, page: PageRequest<'clientId' | 'createdAt'>): Promise<Page<AllowedClient>>;
  allowedClientIds(tenantId: string): Promise<string[]>;
  findAllowedClient(tenantId: string, clientId: string): Promise<AllowedClient | null>;
  insertAllowedClient(tenantId: string, client: AllowedClient): WriteOp;
  deleteAllowedClient(tenantId: string, clientId: string): WriteOp;
  /** Empties the tenant's allow-list. */
  clearAllowedClients(tenantId: string): WriteOp;

  findImage(tenantId: string, kind: ImageOwnerKind, ownerId: string): Promise<StoredImage | null>;
  /** Of `ownerIds`, those with an image. */
  imageOwners(tenantId: string, kind: ImageOwnerKind, ownerIds: string[]): Promise<Set<string>>;
  putImage(tenantId: string, kind: ImageOwnerKind, ownerId: string, image: StoredImage): WriteOp;
  deleteImage(tenantId: string, kind: ImageOwnerKind, ownerId: string): WriteOp;

  /** Every contract of the tenant, or those of `partitions`. */
  contracts(tenantId: string, partitions?: string[]): Promise<Contract[]>;
  putContract(tenantId: string, contract: Contract): WriteOp;
  deleteContract(tenantId: string, servicePartition: string): WriteOp;

  /** Every role of the tenant with its name and group (the Apps API's role catalog). */
  roleCatalog(tenantId: string): Promise<CatalogRole[]>;
  /** E-mail addresses of these users, in creation order. */
  emailsOf(tenantId: string, userIds: string[]): Promise<Map<string, { address: string; verified: boolean }[]>>;
}

/** KV copy of the published contracts (written only by the tenant's coordinator). */
export interface ContractCache {
  get(tenantId: string): Promise<PublishedContracts | null>;
  put(tenantId: string, published: PublishedContracts): Promise<void>;
}
