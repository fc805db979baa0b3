import type { Env } from '../env';

/**
 * Fault injection for tests: wraps the bindings `buildDeps` hands to the storage adapters (D1, KV,
 * the coordinator namespace), so a request served with `withFaults(env, plan)` meets real
 * platform stores that misbehave as planned. Production never calls this; with no plan the
 * bindings are the real ones.
 */
export interface FaultPlan {
  d1?: {
    /**
     * Called before each D1 batch with its statements' SQL. It may wait (to let other requests run
     * between two reads of one request) and may answer:
     * - `'fail-midway'`: the batch runs with a failing statement inserted after its first half, so
     *   D1 starts the transaction, executes those statements, then fails and rolls back;
     * - `'fail'`: the batch is refused before it reaches D1;
     * - `'unavailable'`: the batch fails as D1 does when the database cannot be reached.
     */
    beforeBatch?: (sql: string[]) => void | Verdict | Promise<void | Verdict>;
  };
  /** Every KV operation rejects. */
  kv?: 'down';
  /** Every call to a coordinator stub rejects as the platform does when an object is unreachable. */
  coordinator?: 'down';
}

type Verdict = 'fail' | 'fail-midway' | 'unavailable';

/** A statement that fails while it executes (not when it is prepared). */
const FAILING_SQL = "SELECT json('injected fault: D1 failed in the middle of this batch')";

function faultyD1(db: D1Database, beforeBatch: NonNullable<FaultPlan['d1']>['beforeBatch']): D1Database {
  if (!beforeBatch) return db;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          const verdict = await beforeBatch(statements.map((s) => (s as unknown as { statement: string }).statement));
          if (verdict === 'fail') throw new Error('D1_ERROR: injected fault: the batch was refused');
          if (verdict === 'unavailable') throw new Error('D1_ERROR: Network connection lost. (injected fault)');
          if (verdict === 'fail-midway') {
            const half = Math.ceil(statements.length / 2);
            return target.batch([...statements.slice(0, half), target.prepare(FAILING_SQL), ...statements.slice(half)]);
          }
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function downKv(): KVNamespace {
  const fail = () => Promise.reject(new Error('KV GET failed: 503 Service Unavailable (injected fault)'));
  return { get: fail, getWithMetadata: fail, put: fail, delete: fail, list: fail } as unknown as KVNamespace;
}

function downNamespace(namespace: Env['TENANT']): Env['TENANT'] {
  const unreachable = () =>
    Promise.reject(Object.assign(new Error('Network connection lost. (injected fault)'), { retryable: true }));
  const stub = new Proxy({}, { get: (_, prop) => (prop === 'then' ? undefined : unreachable) });
  return new Proxy(namespace, {
    get(target, prop) {
      if (prop === 'get' || prop === 'getByName') return () => stub;
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function withFaults(env: Env, plan: FaultPlan): Env {
  return {
    ...env,
    DB: faultyD1(env.DB, plan.d1?.beforeBatch),
    CACHE: plan.kv === 'down' ? downKv() : env.CACHE,
    TENANT: plan.coordinator === 'down' ? downNamespace(env.TENANT) : env.TENANT,
  };
}
