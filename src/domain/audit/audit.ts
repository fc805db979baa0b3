import { DomainError, invalid } from '../errors';
import type { Page, PageRequest } from '../paging';
import type { Deps, WriteOp } from '../ports';

/** The face a management write came through. */
export type AuditFace = 'role-v3' | 'identity' | 'control-plane' | 'apps' | 'admin';

/** Who wrote: the tenant's secret key, a user's (or an edge's) token, a client's token, or the operator token. */
export interface AuditActor {
  kind: 'tenant' | 'user' | 'client' | 'operator';
  /** The user, edge or client id; null for the tenant secret and the operator. */
  id: string | null;
  /** The client whose access token was used, when the face knows it (Apps API). */
  clientId?: string | null;
  /** The tenant that issued the actor's token, when it is not the tenant written to (control plane). */
  tenantId?: string | null;
}

/**
 * Who is writing and through which route, set by a management face once it knows its caller. A
 * write without one (the token service, the cron purge) is not a management write and is not audited.
 * `action` and `target` are read when the write happens, i.e. inside the route's handler.
 */
export interface AuditContext {
  face: AuditFace;
  actor: AuditActor;
  operatorUuid: string | null;
  requestId: string | null;
  /** Method and route pattern, e.g. `POST /t/:appKey/v1/users`. */
  action(): string;
  /** The route's path parameters that name what is written (ids; never a secret). */
  target(): Record<string, string>;
}

/** Whose trail an entry is in: a tenant's, or (for the operator API's organization routes) an organization's. */
export type AuditTrail = { tenantId: string } | { organizationId: string };

export interface AuditEntry {
  id: string;
  /** The tenant written to; null for an organization's own writes. */
  tenantId: string | null;
  /** The organization written to, for an organization's own writes. */
  organizationId: string | null;
  at: string;
  /** Null while the revision is not recorded (see `applyChange`). */
  revision: number | null;
  face: AuditFace;
  actor: AuditActor;
  operatorUuid: string | null;
  action: string;
  target: Record<string, string>;
  requestId: string | null;
}

export interface AuditFilter {
  /** Matches the actor's kind (`tenant`, `user`, `client`, `operator`), its id, its client id or `X-Operator-Uuid`. */
  actor?: string;
  face?: string;
  /** Exact action (`POST /t/:appKey/v1/users`) or, ending in `*`, a prefix of it (`DELETE *`). */
  action?: string;
  /** ISO 8601 instants: `since` inclusive, `until` exclusive. */
  since?: string;
  until?: string;
}

export interface AuditRepository {
  insert(entry: AuditEntry): WriteOp;
  setRevision(id: string, revision: number): WriteOp;
  delete(id: string): WriteOp;
  /** Newest first. */
  list(trail: AuditTrail, filter: AuditFilter, page: PageRequest<'at'>): Promise<Page<AuditEntry>>;
}

/** The entry a write about to happen will leave, or null when the request is not audited. */
export function auditEntry(deps: Deps, tenantId: string): AuditEntry | null {
  return entryFor(deps, { tenantId });
}

/**
 * The entry an organization's own write (create, rename, delete) leaves in the organization's
 * trail, in the write's batch. An organization has no revision: `revision` stays null.
 */
export function organizationAuditEntry(deps: Deps, organizationId: string): AuditEntry | null {
  return entryFor(deps, { organizationId });
}

function entryFor(deps: Deps, trail: AuditTrail): AuditEntry | null {
  const ctx = deps.audit;
  if (!ctx) return null;
  return {
    id: crypto.randomUUID(),
    tenantId: 'tenantId' in trail ? trail.tenantId : null,
    organizationId: 'organizationId' in trail ? trail.organizationId : null,
    at: deps.clock.now().toISOString(),
    revision: null,
    face: ctx.face,
    actor: ctx.actor,
    operatorUuid: ctx.operatorUuid,
    action: ctx.action(),
    target: ctx.target(),
    requestId: ctx.requestId,
  };
}

/**
 * Second step of an audited write: the revision the change produced. The change itself has already
 * landed, so a failure here does not fail the request (a retry would write twice); the row keeps
 * `revision: null` and the failure is logged without any request data.
 */
export async function recordRevision(deps: Deps, entry: AuditEntry, revision: number): Promise<void> {
  try {
    await deps.uow.commit([deps.repos.audit.setRevision(entry.id, revision)]);
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', msg: 'audit revision not recorded', tenantId: entry.tenantId, auditId: entry.id, revision, error: String((err as Error)?.name ?? 'Error') }));
  }
}

/**
 * A change the tenant's coordinator applies itself (config, cache eviction, signing keys, contract
 * publication), audited around it: the entry is written first (revision null), then given the
 * revision the change produced (or, for changes that produce none, the revision current after it).
 * A change the domain rejects (a DomainError) removes its entry; any other failure leaves it with
 * `revision: null`: the change may or may not have happened.
 */
export async function auditedCoordinatorChange<T>(deps: Deps, tenantId: string, run: () => Promise<T>, revisionOf: (result: T) => number | null): Promise<T> {
  const entry = auditEntry(deps, tenantId);
  if (!entry) return run();
  await deps.uow.commit([deps.repos.audit.insert(entry)]);
  let result: T;
  try {
    result = await run();
  } catch (err) {
    if (err instanceof DomainError) await deps.uow.commit([deps.repos.audit.delete(entry.id)]).catch(() => undefined);
    throw err;
  }
  const revision = revisionOf(result) ?? (await deps.coordinator.currentRevision(tenantId).catch(() => null));
  if (revision !== null) await recordRevision(deps, entry, revision);
  return result;
}

/**
 * Audits a write that could not join a batch (a conditional single-use update, e.g. marking an
 * e-mail address verified) after it happened, with the revision current then. Not atomic with the
 * write: should this insert fail, the request fails although the write stands.
 */
export async function auditCompleted(deps: Deps, tenantId: string): Promise<void> {
  const entry = auditEntry(deps, tenantId);
  if (!entry) return;
  const revision = await deps.coordinator.currentRevision(tenantId).catch(() => null);
  await deps.uow.commit([deps.repos.audit.insert({ ...entry, revision })]);
}

const instant = (name: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) throw invalid(`${name} must be an ISO 8601 date or date-time`);
  return new Date(ms).toISOString();
};

/**
 * The tenant's audit trail, newest first. Rows outlive the tenant, so a deleted tenant's trail can
 * still be read; an appKey with neither a tenant nor a row is unknown (404).
 */
export function listAudit(deps: Deps, appKey: string, filter: AuditFilter, page: { page: number; itemsPerPage: number }): Promise<Page<AuditEntry>> {
  return listTrail(deps, { tenantId: appKey }, filter, page, async () => {
    if (!(await deps.repos.tenants.find(appKey))) throw new DomainError('tenant.not_found', `tenant ${appKey} not found`);
  });
}

/** An organization's own writes (create, rename, delete), newest first; kept after it is deleted. */
export function listOrganizationAudit(deps: Deps, organizationId: string, filter: AuditFilter, page: { page: number; itemsPerPage: number }): Promise<Page<AuditEntry>> {
  return listTrail(deps, { organizationId }, filter, page, async () => {
    if (!(await deps.repos.organizations.find(organizationId))) throw new DomainError('organization.not_found', `organization ${organizationId} not found`);
  });
}

/** A page of a trail; `assertOwnerExists` decides (404) only when the trail is empty, as rows outlive their owner. */
async function listTrail(deps: Deps, trail: AuditTrail, filter: AuditFilter, page: { page: number; itemsPerPage: number }, assertOwnerExists: () => Promise<void>): Promise<Page<AuditEntry>> {
  const clean: AuditFilter = { ...filter, since: instant('since', filter.since), until: instant('until', filter.until) };
  const newest = { ...page, sort: [{ field: 'at' as const, direction: 'DESC' as const }] };
  const found = await deps.repos.audit.list(trail, clean, newest);
  if (found.totalItems > 0) return found;
  if ((await deps.repos.audit.list(trail, {}, { ...newest, page: 1, itemsPerPage: 1 })).totalItems > 0) return found;
  await assertOwnerExists();
  return found;
}
