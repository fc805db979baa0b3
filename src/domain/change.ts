import type { DomainErrorCode } from './errors';
import type { Deps, WriteOp } from './ports';

/**
 * Applies one change to a tenant: all ops in one atomic batch, then one revision bump through the
 * tenant's coordinator. The write lands before the bump so that a snapshot built for the new
 * revision always contains it. Returns the new revision.
 */
export async function applyChange(
  deps: Deps,
  tenantId: string,
  ops: WriteOp[],
  onConflict?: DomainErrorCode,
): Promise<number> {
  if (ops.length > 0) await deps.uow.commit(ops, onConflict);
  const revision = await deps.coordinator.bumpRevision(tenantId);
  deps.decisions.observe(tenantId, revision);
  return revision;
}

/** The result of a successful mutation: the tenant revision it produced. */
export interface Changed {
  revision: number;
}
