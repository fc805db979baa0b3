import type { UserRepository } from '../../domain/users/repository';
import type { Db } from '../db';

export function createUserRepository(_db: Db): UserRepository {
  return {};
}
