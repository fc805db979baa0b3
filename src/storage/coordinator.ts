import { DurableObject } from 'cloudflare:workers';
import type { Coordinator } from '../domain/ports';
import type { TenantConfig } from '../domain/tenants/tenant';
import type { Env } from '../env';
import { openDb } from './db';
import { generateSigningKey } from '../domain/keys/generate';
import { JWKS_MAX_AGE_SECONDS, jwksOf, KEY_ACTIVATION_MARGIN_SECONDS, KEY_ROTATION_INTERVAL_SECONDS } from '../domain/keys/signing-key';
import { createJwksCache } from './jwks-cache';
import { createKeyRepository } from './repositories/keys';
import { createTenantRepository } from './repositories/tenants';
import { createUnitOfWork } from './unit-of-work';
import { nextPublication } from '../domain/apps/contracts';
import type { PublishedContracts } from '../domain/apps/model';
import { createAppsRepository } from './repositories/apps';
import { createContractCache } from './contract-cache';
import { retiredKeyPruning } from '../domain/lifecycle/purge';
import { createLifecycleRepository } from './repositories/lifecycle';
import { owedBumps, ServiceUnavailableError, unavailableUnlessRemote } from './availability';

type ConfigPatch = Partial<Omit<TenantConfig, 'cacheFlushTime'>>;

/**
 * One instance per tenant (named by appKey): the tenant's single writer of everything that must
 * happen one at a time.
 *
 * Storage layout (its own SQLite, table `meta`): `revision` — the tenant's decision revision,
 * starting at 0, the source of truth for every cache key.
 *
 * `bumpRevision` runs without awaiting anything outside the object, so the runtime's input gate
 * makes it atomic. Config updates and evictions must also write D1, and a Durable Object does not
 * serialize across awaits of D1: they run inside `blockConcurrencyWhile`, which holds every other
 * call (bumps included) until the D1 write and the bump are both done.
 */
export class TenantCoordinator extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
  }

  private read(key: string): number {
    const row = this.sql.exec<{ value: number }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0];
    return row?.value ?? 0;
  }

  private write(key: string, value: number): void {
    this.sql.exec('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', key, value);
  }

  /** Increments the revision by exactly one and returns it. */
  bumpRevision(): number {
    const next = this.read('revision') + 1;
    this.write('revision', next);
    return next;
  }

  currentRevision(): number {
    return this.read('revision');
  }

  private async changeConfig(tenantId: string, change: (current: TenantConfig, now: string) => TenantConfig) {
    return this.ctx.blockConcurrencyWhile(async () => {
      const repo = createTenantRepository(openDb(this.env.DB));
      const tenant = await repo.find(tenantId);
      if (!tenant) throw new Error(`tenant ${tenantId} not found`);
      const now = new Date().toISOString();
      const config = change(tenant.config, now);
      await createUnitOfWork(openDb(this.env.DB)).commit([repo.setConfig(tenantId, config, now)]);
      return { revision: this.bumpRevision(), config };
    });
  }

  /** CF3: merge, write, bump — one at a time. */
  updateConfig(tenantId: string, patch: ConfigPatch) {
    return this.changeConfig(tenantId, (current, now) => ({ ...current, ...patch, cacheFlushTime: now }));
  }

  /** CF3: every cache key carries the revision, so one bump drops them all. */
  evictCaches(tenantId: string) {
    return this.changeConfig(tenantId, (current, now) => ({ ...current, cacheFlushTime: now }));
  }

  /**
   * The tenant's first signing key, created once even when many isolates ask at the same time:
   * the check and the insert run inside `blockConcurrencyWhile`. Schedules the first rotation.
   */
  ensureSigningKey(tenantId: string): Promise<string> {
    return this.ctx.blockConcurrencyWhile(async () => {
      await this.ctx.storage.put('tenantId', tenantId);
      const active = (await this.keys().all(tenantId)).find((k) => k.status === 'active');
      if (active) return active.kid;
      const key = await this.newKey(tenantId);
      await createUnitOfWork(openDb(this.env.DB)).commit([this.keys().insertOp(tenantId, { ...key, status: 'active' })]);
      await this.publishJwks(tenantId);
      await this.ctx.storage.setAlarm(Date.now() + KEY_ROTATION_INTERVAL_SECONDS * 1000);
      return key.kid;
    });
  }

  /**
   * Rotation step 1: publish a new key as `pending` (in the JWKS, not signing). The alarm promotes
   * it once verifiers' cached JWKS (max-age) must have picked it up (D-5).
   */
  rotateSigningKey(tenantId: string): Promise<{ kid: string; activatesAt: string }> {
    return this.ctx.blockConcurrencyWhile(async () => {
      await this.ctx.storage.put('tenantId', tenantId);
      const key = await this.newKey(tenantId);
      await createUnitOfWork(openDb(this.env.DB)).commit([this.keys().insertOp(tenantId, { ...key, status: 'pending' })]);
      await this.publishJwks(tenantId);
      // Cached copies live JWKS_MAX_AGE_SECONDS; the margin covers isolate copies and KV propagation.
      const activatesAt = Date.now() + (JWKS_MAX_AGE_SECONDS + KEY_ACTIVATION_MARGIN_SECONDS) * 1000;
      await this.ctx.storage.setAlarm(activatesAt);
      return { kid: key.kid, activatesAt: new Date(activatesAt).toISOString() };
    });
  }

  /**
   * Rotation step 2 (and the schedule): promotes pending keys, retiring the previous active one
   * (it stays in the JWKS so its tokens keep verifying); with nothing pending, starts a rotation.
   */
  override async alarm(): Promise<void> {
    const tenantId = await this.ctx.storage.get<string>('tenantId');
    if (!tenantId) return;
    const keys = await this.keys().all(tenantId);
    const pending = keys.filter((k) => k.status === 'pending');
    if (pending.length === 0) {
      if (keys.length > 0) await this.rotateSigningKey(tenantId);
      return;
    }
    const newest = pending[0]!;
    const ops = [
      this.keys().setStatusOp(tenantId, newest.kid, 'active'),
      ...keys.filter((k) => k.status === 'active' || (k.status === 'pending' && k.kid !== newest.kid)).map((k) => this.keys().setStatusOp(tenantId, k.kid, 'retired')),
    ];
    await createUnitOfWork(openDb(this.env.DB)).commit(ops);
    await this.publishJwks(tenantId);
    await this.ctx.storage.setAlarm(Date.now() + KEY_ROTATION_INTERVAL_SECONDS * 1000);
  }

  /**
   * Lifecycle: deletes retired keys that can no longer verify a live token and republishes the
   * JWKS. This object's storage records when it first saw each key retired (`retiredSeen:{kid}`,
   * epoch ms); the rule is `retiredKeyPruning` (domain/lifecycle/purge.ts). Runs one at a time with
   * rotation. Returns how many keys went.
   */
  pruneKeys(tenantId: string, nowMs: number): Promise<number> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const prefix = 'retiredSeen:';
      const held = await this.ctx.storage.list<number>({ prefix });
      const seen = new Map([...held].map(([k, v]) => [k.slice(prefix.length), v]));
      const { stamp, prune, forget } = retiredKeyPruning(await this.keys().all(tenantId), seen, nowMs);
      if (stamp.length) await this.ctx.storage.put(Object.fromEntries(stamp.map((kid) => [prefix + kid, nowMs])));
      if (prune.length) {
        await createUnitOfWork(openDb(this.env.DB)).commit([createLifecycleRepository(openDb(this.env.DB)).deleteRetiredKeys(tenantId, prune)]);
        await this.publishJwks(tenantId);
      }
      if (prune.length || forget.length) await this.ctx.storage.delete([...prune, ...forget].map((kid) => prefix + kid));
      return prune.length;
    });
  }

  /** Writes the current public key set to KV, where every location's JWKS reads start. */
  private async publishJwks(tenantId: string) {
    await createJwksCache(this.env.CACHE).put(tenantId, jwksOf(await this.keys().all(tenantId)), JWKS_MAX_AGE_SECONDS);
  }

  private keys() {
    return createKeyRepository(openDb(this.env.DB));
  }

  /**
   * Apps API contracts. The published set lives in this object's storage (`contracts`, with the
   * counter `contractsVersion`) and is copied to KV (`contracts:v1:{appKey}`) at every publication;
   * publications run one at a time, so KV never goes back to an older set.
   */
  refreshContracts(tenantId: string, partitions?: string[]): Promise<PublishedContracts> {
    return this.ctx.blockConcurrencyWhile(() => this.publishContracts(tenantId, partitions));
  }

  /** The published set; the tenant's first read publishes the record. Re-copied to KV (a KV miss led here). */
  publishedContracts(tenantId: string): Promise<PublishedContracts> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const tenant = await createTenantRepository(openDb(this.env.DB)).find(tenantId);
      if (!tenant) throw new Error(`tenant ${tenantId} not found`);
      const held = await this.ctx.storage.get<PublishedContracts>('contracts');
      if (!held || held.tenantCreatedAt !== tenant.createdAt) return this.publishContracts(tenantId);
      await createContractCache(this.env.CACHE).put(tenantId, held);
      return held;
    });
  }

  private async publishContracts(tenantId: string, partitions?: string[]): Promise<PublishedContracts> {
    const db = openDb(this.env.DB);
    const tenant = await createTenantRepository(db).find(tenantId);
    if (!tenant) throw new Error(`tenant ${tenantId} not found`);
    const [current, version, recorded] = await Promise.all([
      this.ctx.storage.get<PublishedContracts>('contracts'),
      this.ctx.storage.get<number>('contractsVersion'),
      createAppsRepository(db).contracts(tenantId, partitions),
    ]);
    const published = nextPublication(current ?? null, recorded, partitions, {
      version: (version ?? 0) + 1,
      tenantCreatedAt: tenant.createdAt,
      publishedAt: new Date().toISOString(),
    });
    await this.ctx.storage.put({ contracts: published, contractsVersion: published.version });
    await createContractCache(this.env.CACHE).put(tenantId, published);
    return published;
  }

  /** A new key in the tenant's configured algorithm (ES256 by default, RS256 for old verifiers). */
  private async newKey(tenantId: string) {
    const kek = this.env.KEY_ENCRYPTION_KEY;
    if (!kek) throw new Error('KEY_ENCRYPTION_KEY is not configured');
    const tenant = await createTenantRepository(openDb(this.env.DB)).find(tenantId);
    return generateSigningKey(tenant?.tokens.signingAlg ?? 'ES256', kek, crypto.randomUUID(), new Date().toISOString());
  }
}

/**
 * The Coordinator port over the Durable Object namespace. A call the object could not serve
 * (overload, network, restart; not an error its own code threw) fails as ServiceUnavailableError;
 * a failed bump is owed to the tenant and paid by the next successful contact (storage/availability.ts).
 */
export function createCoordinator(namespace: DurableObjectNamespace<TenantCoordinator>): Coordinator {
  const stub = (tenantId: string) => namespace.get(namespace.idFromName(tenantId));
  const call = async <T>(run: () => Promise<T>, onUnavailable?: () => void): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      const mapped = unavailableUnlessRemote(err);
      if (mapped instanceof ServiceUnavailableError) onUnavailable?.();
      throw mapped;
    }
  };
  return {
    bumpRevision: (tenantId) => call(() => stub(tenantId).bumpRevision(), () => owedBumps.add(tenantId)),
    currentRevision: (tenantId) => call(() => stub(tenantId).currentRevision()),
    updateConfig: (tenantId, patch) => call(() => stub(tenantId).updateConfig(tenantId, patch)),
    evictCaches: (tenantId) => call(() => stub(tenantId).evictCaches(tenantId)),
    ensureSigningKey: (tenantId) => call(() => stub(tenantId).ensureSigningKey(tenantId)),
    rotateSigningKey: (tenantId) => call(() => stub(tenantId).rotateSigningKey(tenantId)),
    refreshContracts: (tenantId, partitions) => call(() => stub(tenantId).refreshContracts(tenantId, partitions)),
    publishedContracts: (tenantId) => call(() => stub(tenantId).publishedContracts(tenantId)),
    pruneKeys: (tenantId, nowMs) => call(() => stub(tenantId).pruneKeys(tenantId, nowMs)),
  };
}
