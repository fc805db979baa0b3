import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';
import type { Organization, Tenant, TenantConfig } from './tenant';

export interface TenantRecord extends Tenant {
  secretHash: string;
}

export interface TenantRepository {
  find(appKey: string): Promise<TenantRecord | null>;
  list(filter: { organizationId?: string }, page: PageRequest<'appKey' | 'name' | 'createdAt'>): Promise<Page<Tenant>>;
  insert(tenant: TenantRecord): WriteOp;
  update(
    appKey: string,
    patch: { name?: string; organizationId?: string | null; signingAlg?: 'ES256' | 'RS256'; lockoutThreshold?: number; updatedAt: string },
  ): WriteOp;
  setSecretHash(appKey: string, secretHash: string, updatedAt: string): WriteOp;
  setConfig(appKey: string, config: TenantConfig, updatedAt: string): WriteOp;
  /** Every row the tenant owns, in every table, then the tenant itself. */
  deleteAll(appKey: string): WriteOp[];
}

export interface OrganizationRepository {
  find(id: string): Promise<Organization | null>;
  list(page: PageRequest<'id' | 'name' | 'createdAt'>): Promise<Page<Organization>>;
  countTenants(id: string): Promise<number>;
  insert(org: Organization): WriteOp;
  update(id: string, patch: { name: string; updatedAt: string }): WriteOp;
  delete(id: string): WriteOp;
}
