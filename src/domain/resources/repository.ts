import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';
import type { Grant, Resource, ResourceFilter, ResourceSortField } from './resource';

export interface ResourceRepository {
  findMany(tenantId: string, resourceIds: string[]): Promise<Map<string, Resource>>;
  /** Every resource of the tenant, ordered by uiPath (hierarchy work is done in memory). */
  all(tenantId: string): Promise<Resource[]>;
  search(tenantId: string, filter: ResourceFilter, page: PageRequest<ResourceSortField>): Promise<Page<Resource>>;
  /** Resources passing `filter`, unpaged, ordered by uiPath. */
  list(tenantId: string, filter: ResourceFilter): Promise<Resource[]>;
  grantsOf(tenantId: string, resourceIds: string[]): Promise<Grant[]>;
  /** Which of the given ids, paths and uiPaths are taken (by resources other than `except`). */
  taken(
    tenantId: string,
    probe: { resourceIds: string[]; paths: string[]; uiPaths: string[] },
    except?: string[],
  ): Promise<{ resourceIds: Set<string>; paths: Set<string>; uiPaths: Set<string> }>;

  insert(tenantId: string, resource: Resource): WriteOp;
  update(tenantId: string, resourceId: string, patch: Partial<Resource>): WriteOp;
  /**
   * P4: the resource at uiPath `from` moves to `to` and every resource below it follows
   * ({@link rebaseUiPath}). Several statements: no transient duplicate uiPath on the way.
   */
  moveSubtree(tenantId: string, from: string, to: string): WriteOp[];
  renameGrants(tenantId: string, from: string, to: string): WriteOp;
  /** The resources and their grants. */
  delete(tenantId: string, resourceIds: string[]): WriteOp[];
  insertGrants(tenantId: string, grants: Grant[]): WriteOp[];
  deleteGrant(tenantId: string, grant: Omit<Grant, 'createdAt'>): WriteOp;
}
