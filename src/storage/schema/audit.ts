import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The audit trail: one row per management write of a tenant (who, what, when, the revision it
 * produced) or of an organization (the operator API's organization routes; no revision).
 * Written in the same D1 batch as the change (revision still null), then given the revision the
 * tenant's Durable Object returned. Never holds a request body or a secret; kept when the tenant
 * or organization is deleted.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    /** The change id (random), also the key the revision is set by. */
    id: text('id').primaryKey(),
    /** The tenant written to; null for an organization's own writes. */
    tenantId: text('tenant_id'),
    /** The organization written to, for an organization's own writes (then `tenantId` is null). */
    organizationId: text('organization_id'),
    at: text('at').notNull(),
    /** Null until the revision bump is recorded (or when it could not be, see the README). */
    revision: integer('revision'),
    /** `role-v3`, `identity`, `control-plane`, `apps` or `admin`. */
    face: text('face').notNull(),
    /** `tenant` (its secret key), `user` (a user's or an edge's token), `client` or `operator`. */
    actorKind: text('actor_kind').notNull(),
    /** The user, edge or client id; null for the tenant secret and the operator token. */
    actorId: text('actor_id'),
    /** The client whose access token the actor used, when the face knows it (Apps API). */
    clientId: text('client_id'),
    /** The tenant that issued the actor's token when it is not this one (control plane, same organization). */
    actorTenantId: text('actor_tenant_id'),
    /** `X-Operator-Uuid` as sent, when sent. */
    operatorUuid: text('operator_uuid'),
    /** Method and route pattern, e.g. `POST /t/:appKey/v1/users`. */
    action: text('action').notNull(),
    /** JSON object of the route's path parameters (the target ids), `{}` when none. */
    target: text('target').notNull().default('{}'),
    requestId: text('request_id'),
  },
  (t) => [index('audit_log_tenant_at_idx').on(t.tenantId, t.at), index('audit_log_organization_at_idx').on(t.organizationId, t.at)],
);
