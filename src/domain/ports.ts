import type { DecisionCache } from './decisions/ports';
import type { JwksCache } from './keys/jwks';
import type { DomainErrorCode } from './errors';
import type { TenantConfig } from './tenants/tenant';
import type { OrganizationRepository, TenantRepository } from './tenants/repository';
import type { ScopeRepository } from './scopes/repository';
import type { UserRepository } from './users/repository';
import type { RoleRepository } from './roles/repository';
import type { OperationRepository } from './operations/repository';
import type { ResourceRepository } from './resources/repository';
import type { AttributeRepository } from './attributes/repository';
import type { ClientRepository } from './clients/repository';
import type { AccountRepository, AuthorizationCodeRepository, RefreshTokenRepository } from './identity/account';
import type { ApiTokenRepository } from './identity/api-tokens';
import type { KeyRepository } from './keys/signing-key';
import type { RevocationRepository } from './tokens/revocations';
import type { PermissionRepository } from './permissions/permission';
import type { AppsRepository, ContractCache, PublishedContracts } from './apps/model';
import type { GroupRepository } from './groups/group';
import type { NamedRoleRepository } from './roles/named-role';
import type { EdgeRepository } from './edges/edge';
import type { EmailRepository } from './identity/emails';
import type { MailOutboxRepository } from './mail/outbox';
import type { LifecycleRepository } from './lifecycle/purge';
import type { AbuseSubject } from './abuse/limits';
import type { AbusePolicy, AbuseVerdict } from './abuse/window';
import type { AuditContext, AuditRepository } from './audit/audit';

/**
 * A prepared write. Repositories build them; the unit of work runs a list of them as one atomic
 * batch. The domain never looks inside.
 */
export interface WriteOp {
  readonly __writeOp: unique symbol;
}

export interface UnitOfWork {
  /**
   * Runs every op in one atomic batch. A uniqueness violation raised by the store (a concurrent
   * writer won the race) becomes `onConflict` when given.
   */
  commit(ops: WriteOp[], onConflict?: DomainErrorCode): Promise<void>;
}

/** The per-tenant single writer (a Durable Object). */
export interface Coordinator {
  /** Increments the tenant's revision by one and returns the new value. */
  bumpRevision(tenantId: string): Promise<number>;
  currentRevision(tenantId: string): Promise<number>;
  /** Merges `patch` into the tenant config and bumps the revision, one update at a time (CF3). */
  updateConfig(tenantId: string, patch: Partial<Omit<TenantConfig, 'cacheFlushTime'>>): Promise<{ revision: number; config: TenantConfig }>;
  /** Drops every cache of the tenant: bumps the revision and records the flush time (CF3). */
  evictCaches(tenantId: string): Promise<{ revision: number; config: TenantConfig }>;
  /** Creates the tenant's first signing key when it has none, one caller at a time; returns the active kid. */
  ensureSigningKey(tenantId: string): Promise<string>;
  /** Publishes a new signing key that starts signing once verifiers' cached JWKS must include it. */
  rotateSigningKey(tenantId: string): Promise<{ kid: string; activatesAt: string }>;
  /** Apps API: publishes the recorded contracts (of `partitions`, or all) to KV, one publication at a time. */
  refreshContracts(tenantId: string, partitions?: string[]): Promise<PublishedContracts>;
  /** Apps API: the published contracts (publishing the record on the tenant's first read), re-written to KV. */
  publishedContracts(tenantId: string): Promise<PublishedContracts>;
  /** Lifecycle: deletes the tenant's retired keys that can no longer verify a live token, republishing the JWKS; returns how many went. */
  pruneKeys(tenantId: string, nowMs: number): Promise<number>;
}

/**
 * Failure counters of sign-in and token requests (src/domain/abuse), durable and shared by every
 * isolate and location: one Durable Object per tenant and subject.
 */
export interface AbuseCounter {
  /** Whether the subject may try now. */
  check(tenantId: string, subject: AbuseSubject, nowMs: number): Promise<AbuseVerdict>;
  /** Counts one failure of the subject; answers its verdict after it. */
  record(tenantId: string, subject: AbuseSubject, policy: AbusePolicy, nowMs: number): Promise<AbuseVerdict>;
}

export interface Clock {
  now(): Date;
}

export interface Random {
  /** URL-safe random string carrying `bytes` bytes of entropy. */
  token(bytes?: number): string;
  hex(bytes: number): string;
}

export interface Repositories {
  organizations: OrganizationRepository;
  tenants: TenantRepository;
  scopes: ScopeRepository;
  users: UserRepository;
  roles: RoleRepository;
  operations: OperationRepository;
  resources: ResourceRepository;
  attributes: AttributeRepository;
  clients: ClientRepository;
  keys: KeyRepository;
  revocations: RevocationRepository;
  accounts: AccountRepository;
  refreshTokens: RefreshTokenRepository;
  authorizationCodes: AuthorizationCodeRepository;
  apiTokens: ApiTokenRepository;
  permissions: PermissionRepository;
  apps: AppsRepository;
  groups: GroupRepository;
  namedRoles: NamedRoleRepository;
  edges: EdgeRepository;
  emails: EmailRepository;
  mailOutbox: MailOutboxRepository;
  lifecycle: LifecycleRepository;
  audit: AuditRepository;
}

/** A message for one recipient; `kind` names what it is for (e.g. `email_verification`). */
export interface MailMessage {
  to: string;
  kind: string;
  subject: string;
  body: string;
}

/**
 * Sends mail. The default adapter only records the message in the tenant's outbox (there is no
 * mail transport at the edge); a configured one also delivers it. Never logs the body.
 */
export interface MailSender {
  send(tenantId: string, message: MailMessage): Promise<void>;
}

/** Everything a domain function may use; built once per request (and the same way by RPC and tests). */
export interface Deps {
  repos: Repositories;
  uow: UnitOfWork;
  coordinator: Coordinator;
  decisions: DecisionCache;
  jwks: JwksCache;
  /** KV copy of each tenant's published Apps API contracts. */
  contractCache: ContractCache;
  clock: Clock;
  random: Random;
  mail: MailSender;
  /** Failed sign-in and token request counters (per client and source address). */
  abuse: AbuseCounter;
  /** Who is acting (e.g. `X-Operator-Uuid`), recorded in histories; null when unknown. */
  actor: string | null;
  /** Who writes through which route, set by a management face after authentication; null: not audited. */
  audit: AuditContext | null;
  /** Worker secrets the domain needs (never logged, never returned). */
  secrets: { keyEncryptionKey?: string };
  /** The newest tenant revision this request's writes produced (set by applyChange), for `X-Revision`. */
  produced: { revision: number | null };
}
