import { auditedCoordinatorChange } from '../audit/audit';
import { invalid } from '../errors';
import type { Deps } from '../ports';
import type { TenantConfig, TrailingSlashPolicy } from '../tenants/tenant';

export interface ConfigPatch {
  cacheTtl?: number | null;
  cacheSize?: number | null;
  cacheSizeByPath?: number | null;
  cacheSizeTree?: number | null;
  trailingSlashPolicy?: TrailingSlashPolicy | null;
}

const inRange = (field: string, v: number | null | undefined, min: number, max: number) => {
  if (v != null && (!Number.isInteger(v) || v < min || v > max)) throw invalid(`${field} must be an integer in ${min}..${max}`);
};

/** CF2: the config as stored (read through D1, the coordinator's write target). */
export async function getConfig(deps: Deps, tenantId: string): Promise<TenantConfig> {
  const tenant = await deps.repos.tenants.find(tenantId);
  if (!tenant) throw invalid(`tenant ${tenantId} not found`);
  return tenant.config;
}

/** CF1/CF3: validated here, applied by the coordinator one update at a time. */
export async function updateConfig(deps: Deps, tenantId: string, patch: ConfigPatch): Promise<{ revision: number; config: TenantConfig }> {
  inRange('cacheTtl', patch.cacheTtl, 1, 86_400);
  inRange('cacheSize', patch.cacheSize, 0, 10_000_000);
  inRange('cacheSizeByPath', patch.cacheSizeByPath, 0, 10_000_000);
  inRange('cacheSizeTree', patch.cacheSizeTree, 0, 10_000_000);
  const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v != null)) as Partial<Omit<TenantConfig, 'cacheFlushTime'>>;
  const result = await auditedCoordinatorChange(deps, tenantId, () => deps.coordinator.updateConfig(tenantId, clean), (r) => r.revision);
  deps.decisions.observe(tenantId, result.revision);
  return result;
}

export async function evictCaches(deps: Deps, tenantId: string): Promise<{ revision: number; config: TenantConfig }> {
  const result = await auditedCoordinatorChange(deps, tenantId, () => deps.coordinator.evictCaches(tenantId), (r) => r.revision);
  deps.decisions.observe(tenantId, result.revision);
  return result;
}
