import type { TextMatch } from '../identity/account';
import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';

/**
 * A Role API role as the Identity API and the control plane see it: its name is `roleName`, or the
 * role id when it has none; `updatedAt` is the creation time until a named-role write touches it.
 */
export interface NamedRoleRecord {
  roleId: string;
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NamedRoleSortField = 'name' | 'createdAt' | 'updatedAt';

export interface NamedRoleFilter {
  roleIds?: string[];
  names?: TextMatch[];
}

/** Reads of the `roles` table by display name, and the `updated_at` the Role API does not keep. */
export interface NamedRoleRepository {
  findMany(tenantId: string, roleIds: readonly string[]): Promise<Map<string, NamedRoleRecord>>;
  list(tenantId: string, filter: NamedRoleFilter, page: PageRequest<NamedRoleSortField>): Promise<Page<NamedRoleRecord>>;
  /** Ids of the roles whose display name is exactly `name`. */
  idsNamed(tenantId: string, name: string): Promise<string[]>;
  /** Fails the batch it ends (a conflict) if, by then, more than one role has the display name `name`. */
  nameStaysUnique(tenantId: string, name: string): WriteOp;
  touch(tenantId: string, roleId: string, at: string): WriteOp;
}
