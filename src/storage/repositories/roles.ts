import type { RoleRepository } from '../../domain/roles/repository';
import type { Db } from '../db';

export function createRoleRepository(_db: Db): RoleRepository {
  return {};
}
