import type { AttributeRepository } from '../../domain/attributes/repository';
import type { Db } from '../db';

export function createAttributeRepository(_db: Db): AttributeRepository {
  return {};
}
