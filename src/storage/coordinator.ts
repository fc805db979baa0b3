import { DurableObject } from 'cloudflare:workers';
import type { Coordinator } from '../domain/ports';
import type { Env } from '../env';

/**
 * One instance per tenant (named by appKey): the tenant's single writer of everything that must
 * happen one at a time. Its state lives in its own SQLite storage; every method body below runs
 * without awaiting anything outside the object, so the runtime's input gate makes each call
 * atomic with respect to the others.
 *
 * Storage layout (table `meta`): `revision` — the tenant's decision revision, starts at 0.
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
}

/** The Coordinator port over the Durable Object namespace. */
export function createCoordinator(namespace: DurableObjectNamespace<TenantCoordinator>): Coordinator {
  const stub = (tenantId: string) => namespace.get(namespace.idFromName(tenantId));
  return {
    bumpRevision: (tenantId) => stub(tenantId).bumpRevision(),
    currentRevision: (tenantId) => stub(tenantId).currentRevision(),
  };
}
