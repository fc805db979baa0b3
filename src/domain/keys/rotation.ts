import type { Deps } from '../ports';
import { getTenant } from '../tenants/tenants';

/** Operator on-demand rotation: the new key is published now and signs from `activatesAt`. */
export async function rotateSigningKeys(deps: Deps, appKey: string): Promise<{ kid: string; activatesAt: string }> {
  await getTenant(deps, appKey);
  await deps.coordinator.ensureSigningKey(appKey);
  return deps.coordinator.rotateSigningKey(appKey);
}
