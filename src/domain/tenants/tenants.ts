import { sha256Hex, timingSafeEqual } from '../../lib/crypto';
import { onOrganizationChange } from '../apps/organization';
import { applyChange } from '../change';
import { DomainError, invalid } from '../errors';
import type { Page, PageRequest } from '../paging';
import type { Deps } from '../ports';
import { defaultAccessRows } from '../permissions/defaults';
import { scopeRecord } from '../scopes/scopes';
import { ALL_SCOPE, APP_KEY_PATTERN, type Tenant } from './tenant';

export interface CreatedTenant extends Tenant {
  /** Shown once; only its hash is stored. */
  secretKey: string;
}

const DEFAULT_CONFIG = {
  cacheTtl: 300,
  cacheSize: 1_000_000,
  cacheSizeByPath: 1_000_000,
  cacheSizeTree: 1_000_000,
  trailingSlashPolicy: 'NON_IDENTICAL_PATH',
  cacheFlushTime: '',
} as const;

function newSecret(deps: Deps): string {
  return deps.random.token(32);
}

export async function createTenant(
  deps: Deps,
  input: { name: string; appKey?: string; organizationId?: string | null },
): Promise<CreatedTenant> {
  const appKey = input.appKey ?? deps.random.hex(10);
  if (!APP_KEY_PATTERN.test(appKey)) {
    throw invalid('appKey must be 3-64 characters of letters, digits, "-" or "_", starting with a letter or digit');
  }
  if (input.organizationId && !(await deps.repos.organizations.find(input.organizationId))) {
    throw new DomainError('organization.not_found', `organization ${input.organizationId} not found`);
  }
  if (await deps.repos.tenants.find(appKey)) {
    throw new DomainError('tenant.exists', `tenant ${appKey} already exists`);
  }
  const now = deps.clock.now().toISOString();
  const secretKey = newSecret(deps);
  const tenant: Tenant = {
    appKey,
    organizationId: input.organizationId ?? null,
    name: input.name,
    config: { ...DEFAULT_CONFIG },
    tokens: { signingAlg: 'ES256', lockoutThreshold: 5 },
    createdAt: now,
    updatedAt: now,
  };
  // The revision bump also clears any "unknown appKey" memo this isolate holds for it.
  await applyChange(
    deps,
    appKey,
    [
      deps.repos.tenants.insert({ ...tenant, secretHash: await sha256Hex(secretKey) }),
      deps.repos.scopes.insert(appKey, scopeRecord(ALL_SCOPE, null, now)),
      ...defaultAccessRows(deps, appKey, now),
    ],
    'tenant.exists',
  );
  return { ...tenant, secretKey };
}

export async function getTenant(deps: Deps, appKey: string): Promise<Tenant> {
  const found = await deps.repos.tenants.find(appKey);
  if (!found) throw new DomainError('tenant.not_found', `tenant ${appKey} not found`);
  const { secretHash: _hidden, ...tenant } = found;
  return tenant;
}

export function listTenants(
  deps: Deps,
  filter: { organizationId?: string },
  page: PageRequest<'appKey' | 'name' | 'createdAt'>,
): Promise<Page<Tenant>> {
  return deps.repos.tenants.list(filter, page);
}

export async function updateTenant(
  deps: Deps,
  appKey: string,
  patch: { name?: string; organizationId?: string | null; signingAlg?: 'ES256' | 'RS256'; lockoutThreshold?: number },
): Promise<Tenant> {
  const current = await getTenant(deps, appKey);
  if (patch.lockoutThreshold !== undefined && (!Number.isInteger(patch.lockoutThreshold) || patch.lockoutThreshold < 1 || patch.lockoutThreshold > 100)) {
    throw invalid('lockoutThreshold must be an integer in 1..100');
  }
  if (patch.organizationId && !(await deps.repos.organizations.find(patch.organizationId))) {
    throw new DomainError('organization.not_found', `organization ${patch.organizationId} not found`);
  }
  // A revision bump makes every isolate reload the tenant record (lockout threshold, key algorithm).
  const moved = patch.organizationId === undefined ? [] : onOrganizationChange(deps, appKey, current.organizationId, patch.organizationId);
  await applyChange(deps, appKey, [deps.repos.tenants.update(appKey, { ...patch, updatedAt: deps.clock.now().toISOString() }), ...moved]);
  return getTenant(deps, appKey);
}

export async function deleteTenant(deps: Deps, appKey: string): Promise<void> {
  await getTenant(deps, appKey);
  // The bump makes every cached snapshot of this tenant unreachable at once.
  await applyChange(deps, appKey, deps.repos.tenants.deleteAll(appKey));
}

export async function rotateTenantSecret(deps: Deps, appKey: string): Promise<{ appKey: string; secretKey: string }> {
  await getTenant(deps, appKey);
  const secretKey = newSecret(deps);
  // Bumping the revision makes every isolate reload the tenant record, so the old key stops working.
  await applyChange(deps, appKey, [deps.repos.tenants.setSecretHash(appKey, await sha256Hex(secretKey), deps.clock.now().toISOString())]);
  return { appKey, secretKey };
}

// A fixed digest compared against when the appKey is unknown, so that both paths do the same work.
const UNKNOWN_TENANT_HASH = '0'.repeat(64);

/**
 * Resolves the tenant named by `appKey` when `secret` is its secret key. Missing secret, unknown
 * appKey and wrong secret fail alike, so the caller learns nothing about which appKeys exist.
 */
export async function authenticateTenant(deps: Deps, appKey: string, secret: string | undefined): Promise<Tenant> {
  // Served from isolate memory while the tenant revision is unchanged: checks never touch D1 here.
  const record = (await deps.decisions.tenant(appKey))?.record;
  const presented = await sha256Hex(secret ?? '');
  const matches = timingSafeEqual(presented, record?.secretHash ?? UNKNOWN_TENANT_HASH);
  if (!record || !secret || !matches) throw new DomainError('unauthorized', 'invalid appKey or secret key');
  const { secretHash: _hidden, ...tenant } = record;
  return tenant;
}
