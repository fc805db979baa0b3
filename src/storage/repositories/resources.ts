import type { ResourceRepository } from '../../domain/resources/repository';
import type { Db } from '../db';

export function createResourceRepository(_db: Db): ResourceRepository {
  return {};
}
