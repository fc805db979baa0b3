export type TrailingSlashPolicy = 'NON_IDENTICAL_PATH' | 'IDENTICAL_PATH';

export interface TenantConfig {
  cacheTtl: number;
  cacheSize: number;
  cacheSizeByPath: number;
  cacheSizeTree: number;
  trailingSlashPolicy: TrailingSlashPolicy;
  /** When caches were last flushed (config change or evict); '' if never. */
  cacheFlushTime: string;
}

/** Token-service settings of a tenant. */
export interface TokenSettings {
  signingAlg: 'ES256' | 'RS256';
  lockoutThreshold: number;
}

export interface Tenant {
  appKey: string;
  organizationId: string | null;
  name: string;
  config: TenantConfig;
  tokens: TokenSettings;
  createdAt: string;
  updatedAt: string;
}

export interface Organization {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

/** A caller-chosen appKey: URL-safe, 3..64 characters, starting with a letter or digit. */
export const APP_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/;
/** Organization ids follow the same rule. */
export const ORGANIZATION_ID_PATTERN = APP_KEY_PATTERN;

/** Default scope every tenant owns (Role API S1). */
export const ALL_SCOPE = 'ALL';
