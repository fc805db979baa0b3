import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';
import type { Role, RoleFilter, RoleRelation, RoleSortField, RoleTag } from './role';

export interface RoleRepository {
  findMany(tenantId: string, roleIds: string[]): Promise<Map<string, Role>>;
  /** Role ids starting with `prefix` (case-sensitive). */
  idsWithPrefix(tenantId: string, prefix: string): Promise<string[]>;
  search(tenantId: string, filter: RoleFilter, page: PageRequest<RoleSortField>): Promise<Page<Role>>;
  relationsFrom(tenantId: string, roleIds: string[]): Promise<RoleRelation[]>;
  /** Every role relation of the tenant (the role graph). */
  allRelations(tenantId: string): Promise<RoleRelation[]>;
  /** Of `roleIds`, those that are the related (sub-)role of some relation (D1). */
  relatedTargets(tenantId: string, roleIds: string[]): Promise<Set<string>>;
  tagsOf(tenantId: string, roleIds: string[]): Promise<Map<string, RoleTag[]>>;
  tagIds(tenantId: string, prefix: string | undefined, page: PageRequest<'roleTagId'>): Promise<Page<string>>;

  insert(tenantId: string, role: Role): WriteOp;
  update(tenantId: string, roleId: string, patch: Partial<Omit<Role, 'roleId' | 'createdAt'>>): WriteOp;
  insertRelations(tenantId: string, relations: RoleRelation[]): WriteOp[];
  /** Relations from `roleId`: all of them, or only those to `relatedRoleIds`. */
  deleteRelations(tenantId: string, roleId: string, relatedRoleIds?: string[]): WriteOp;
  insertTags(tenantId: string, tags: RoleTag[]): WriteOp[];
  deleteTags(tenantId: string, roleId: string): WriteOp;
  /** The roles and everything that points at them (§12): relations both ways, tags, grants, attribute relations, user relations. */
  deleteRoles(tenantId: string, roleIds: string[]): WriteOp[];
}
