import type { CatalogRepository } from '../catalog/entry';

/** In use = referenced by a user–role relation. */
export type ScopeRepository = CatalogRepository;
