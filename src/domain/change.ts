import { auditEntry, recordRevision } from './audit/audit';
import type { DomainErrorCode } from './errors';
import type { Deps, WriteOp } from './ports';

/**
 * Applies one change to a tenant: all ops in one atomic batch, then one revision bump through the
 * tenant's coordinator. The write lands before the bump so that a snapshot built for the new
 * revision always contains it. Returns the new revision.
 *
 * A management write (the request carries `deps.audit`) also appends its audit row to the same
 * batch, so the row exists exactly when the change does; the row then gets the bumped revision in a
 * second one-row write. Should the bump or that write fail, the row stays with `revision: null`.
 */
export async function applyChange(
  deps: Deps,
  tenantId: string,
  ops: WriteOp[],
  onConflict?: DomainErrorCode,
): Promise<number> {
  const audit = ops.length > 0 ? auditEntry(deps, tenantId) : null;
  // Whether the coordinator answers (from the isolate's memo when under a second old): a request that
  // finds it unreachable commits nothing, so a write is never stored behind a 503 for want of a bump.
  if (ops.length > 0) await deps.decisions.revision(tenantId, false);
  if (ops.length > 0) await deps.uow.commit(audit ? [...ops, deps.repos.audit.insert(audit)] : ops, onConflict);
  const revision = await deps.coordinator.bumpRevision(tenantId);
  deps.decisions.observe(tenantId, revision);
  deps.produced.revision = Math.max(revision, deps.produced.revision ?? 0);
  if (audit) await recordRevision(deps, audit, revision);
  return revision;
}

/** The result of a successful mutation: the tenant revision it produced. */
export interface Changed {
  revision: number;
}
