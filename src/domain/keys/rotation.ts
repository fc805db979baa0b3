import { auditedCoordinatorChange } from '../audit/audit';
import type { Deps } from '../ports';
import { getTenant } from '../tenants/tenants';

/** Operator on-demand rotation: the new key is published now and signs from `activatesAt`. */
export async function rotateSigningKeys(deps: Deps, appKey: string): Promise<{ kid: string; activatesAt: string }> {
  await getTenant(deps, appKey);
  await deps.coordinator.ensureSigningKey(appKey);
  // A rotation produces no revision: its audit entry carries the one current after it.
  return auditedCoordinatorChange(deps, appKey, () => deps.coordinator.rotateSigningKey(appKey), () => null);
}
