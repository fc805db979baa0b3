import type { TenantCoordinator } from './storage/coordinator';
import type { AbuseCounter } from './storage/abuse-counter';
import type { Deps } from './domain/ports';
import type { Caller } from './domain/identity/principal';
import type { Tenant } from './domain/tenants/tenant';
import type { AppsCaller } from './domain/apps/access';

/** Bindings and variables declared in wrangler.toml (and secrets from .dev.vars / `wrangler secret`). */
export interface Env {
  DB: D1Database;
  CACHE: KVNamespace;
  TENANT: DurableObjectNamespace<TenantCoordinator>;
  /** Failure counters of sign-in and token requests, one object per tenant and subject (src/storage/abuse-counter.ts). */
  ABUSE: DurableObjectNamespace<AbuseCounter>;
  /** Operator token for /admin/v1. */
  ADMIN_TOKEN?: string;
  /** 32 random bytes, base64url: seals the tenants' private signing keys at rest. */
  KEY_ENCRYPTION_KEY?: string;
  /** Issuer origin (e.g. `https://iam.example.com`); the request's origin when unset. */
  ISSUER_ORIGIN?: string;
  /** When set, mail is POSTed there as JSON (and still recorded in the outbox); else only recorded. */
  MAIL_WEBHOOK_URL?: string;
  /** Optional secret sent to the mail webhook as `Authorization: Bearer …`. */
  MAIL_WEBHOOK_TOKEN?: string;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    deps: Deps;
    tenant: Tenant;
    requestId: string;
    /** Who calls the Identity API: the tenant's secret key (full access), a user's or an edge's token, or a client's. */
    principal: Caller;
    /** Who calls the Apps API: an allowed client, for a user of the tenant or for itself. */
    appsCaller: AppsCaller;
  };
};
