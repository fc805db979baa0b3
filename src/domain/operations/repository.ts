import type { CatalogRepository } from '../catalog/entry';

/** In use = referenced by a resource authorization. */
export type OperationRepository = CatalogRepository;
