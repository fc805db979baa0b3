import type { AttributeDefinition } from '../conditions/validate';
import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';
import type { RoleRelation } from '../roles/role';
import type { UserRoleRelation } from '../users/user';
import type {
  AttributeFilter,
  AttributeRecord,
  AttributeRoleLink,
  AttributeSortField,
  AttributeSummary,
  AttributeTag,
  AttributeTagFilter,
} from './attribute';

/** Queries and prepared writes of condition attributes; implemented in storage/repositories/attributes.ts. */
export interface AttributeRepository {
  /** Data type and related roles of each existing attribute among `attributeIds`. */
  definitions(tenantId: string, attributeIds: string[]): Promise<Map<string, AttributeDefinition>>;
  /** The AttributeProtocol view of each existing attribute among `attributeIds`. */
  summaries(tenantId: string, attributeIds: string[]): Promise<Map<string, AttributeSummary>>;
  /** Attributes related to each role (its ROLE_ATTRIBUTEs). */
  relatedToRoles(tenantId: string, roleIds: string[]): Promise<Map<string, AttributeSummary[]>>;
  search(tenantId: string, filter: AttributeFilter, page: PageRequest<AttributeSortField>): Promise<Page<AttributeRecord>>;
  rolesOf(tenantId: string, attributeIds: string[]): Promise<Map<string, AttributeRoleLink[]>>;
  tagsOf(tenantId: string, attributeIds: string[]): Promise<Map<string, AttributeTag[]>>;
  /** Of `attributeIds`, those some condition references (A5). */
  inUse(tenantId: string, attributeIds: string[]): Promise<Set<string>>;
  /** Relations whose conditions reference any of `attributeIds`. */
  relationsUsing(tenantId: string, attributeIds: string[]): Promise<{ users: UserRoleRelation[]; roles: RoleRelation[] }>;
  searchTags(tenantId: string, filter: AttributeTagFilter, page: PageRequest<'attributeTagId' | 'attributeId' | 'createdAt'>): Promise<Page<AttributeTag>>;
  tagIds(tenantId: string, filter: AttributeTagFilter, page: PageRequest<'attributeTagId'>): Promise<Page<string>>;

  insert(tenantId: string, a: Omit<AttributeRecord, 'creationType'>): WriteOp;
  update(tenantId: string, attributeId: string, patch: { attributeName?: string | null; description?: string | null; dataType?: string }): WriteOp;
  /** Rows that already exist are kept as they are (adds are idempotent, A6). */
  insertRoles(tenantId: string, links: AttributeRoleLink[]): WriteOp[];
  deleteRoles(tenantId: string, attributeId: string, roleIds?: string[]): WriteOp;
  /** Rows that already exist are kept as they are (adds are idempotent, A6). */
  insertTags(tenantId: string, tags: AttributeTag[]): WriteOp[];
  deleteTags(tenantId: string, attributeId: string, tagIds?: string[]): WriteOp;
  /** The attributes with their role relations and tags. */
  delete(tenantId: string, attributeIds: string[]): WriteOp[];
  /**
   * Removes every condition referencing `attributeIds` from user–role and role–role relations
   * (forceDelete, A5). Evaluated inside the batch, so a relation written after the caller's read
   * is stripped too.
   */
  stripConditions(tenantId: string, attributeIds: string[]): WriteOp[];
}
