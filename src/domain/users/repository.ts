import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';
import type {
  HistoryEntry,
  HistoryFilter,
  HistorySortField,
  StoredHistoryEntry,
  User,
  UserFilter,
  UserRoleRelation,
  UserSortField,
} from './user';

export interface UserRepository {
  findMany(tenantId: string, userIds: string[]): Promise<Map<string, User>>;
  search(tenantId: string, filter: UserFilter, page: PageRequest<UserSortField>): Promise<Page<User>>;
  relationsOf(tenantId: string, userIds: string[]): Promise<UserRoleRelation[]>;
  relationsByRoles(tenantId: string, roleIds: string[]): Promise<UserRoleRelation[]>;
  histories(tenantId: string, userId: string, filter: HistoryFilter, page: PageRequest<HistorySortField>): Promise<Page<StoredHistoryEntry>>;

  insertUsers(tenantId: string, users: User[]): WriteOp[];
  updateDescription(tenantId: string, userId: string, description: string | null): WriteOp;
  insertRelations(tenantId: string, relations: UserRoleRelation[]): WriteOp[];
  deleteRelations(tenantId: string, relations: Pick<UserRoleRelation, 'userId' | 'roleId' | 'scopeId'>[]): WriteOp[];
  /** Users and their relations. */
  deleteUsers(tenantId: string, userIds: string[]): WriteOp[];
  /** Appended in order: the store numbers them increasingly. */
  insertHistories(tenantId: string, entries: HistoryEntry[]): WriteOp[];
}
