import type { TenantCoordinator } from './storage/coordinator';
import type { Deps } from './domain/ports';
import type { Tenant } from './domain/tenants/tenant';

/** Bindings and variables declared in wrangler.toml (and secrets from .dev.vars / `wrangler secret`). */
export interface Env {
  DB: D1Database;
  CACHE: KVNamespace;
  TENANT: DurableObjectNamespace<TenantCoordinator>;
  /** Operator token for /admin/v1. */
  ADMIN_TOKEN?: string;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    deps: Deps;
    tenant: Tenant;
    requestId: string;
  };
};
