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
    /**
     * Called before a statement runs on its own (not in a batch: e.g. the conditional single-use
     * updates that claim a code or a refresh token) with its SQL. It may answer `'fail'` (refused
     * before it reaches D1) or `'unavailable'` (D1 cannot be reached).
     */
    beforeStatement?: (sql: string) => void | Exclude<Verdict, 'fail-midway'> | Promise<void | Exclude<Verdict, 'fail-midway'>>;
  };
  /** Every KV operation rejects. */
  kv?: 'down';
  /** Every call to a coordinator stub rejects as the platform does when an object is unreachable. */
  coordinator?: 'down';
}

type Verdict = 'fail' | 'fail-midway' | 'unavailable';

/** A statement that fails while it executes (not when it is prepared). */
const FAILING_SQL = "SELECT json('injected fault: D1 failed in the middle of this batch')";

const refusal = (verdict: Verdict | void, what: string) => {
  if (verdict === 'fail') return new Error(`D1_ERROR: injected fault: the ${what} was refused`);
  if (verdict === 'unavailable') return new Error('D1_ERROR: Network connection lost. (injected fault)');
  return null;
};

/** The real statements behind the wrappers `beforeStatement` hands out (a batch takes only real ones). */
const realStatements = new WeakMap<object, D1PreparedStatement>();

function faultyStatement(statement: D1PreparedStatement, sql: string, beforeStatement: NonNullable<NonNullable<FaultPlan['d1']>['beforeStatement']>): D1PreparedStatement {
  const wrapper = new Proxy(statement, {
    get(target, prop) {
      if (prop === 'bind') return (...values: unknown[]) => faultyStatement(target.bind(...values), sql, beforeStatement);
      if (prop === 'run' || prop === 'all' || prop === 'first' || prop === 'raw') {
        return async (...args: unknown[]) => {
          const error = refusal(await beforeStatement(sql), 'statement');
          if (error) throw error;
          return (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  realStatements.set(wrapper, statement);
  return wrapper;
}

function faultyD1(db: D1Database, beforeBatch: NonNullable<FaultPlan['d1']>['beforeBatch'], beforeStatement: NonNullable<FaultPlan['d1']>['beforeStatement']): D1Database {
  if (!beforeBatch && !beforeStatement) return db;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare' && beforeStatement) return (sql: string) => faultyStatement(target.prepare(sql), sql, beforeStatement);
      if (prop === 'batch') {
        return async (wrapped: D1PreparedStatement[]) => {
          const statements = wrapped.map((s) => realStatements.get(s) ?? s);
          const verdict = await beforeBatch?.(statements.map((s) => (s as unknown as { statement: string }).statement));
          const error = refusal(verdict, 'batch');
          if (error) throw error;
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
    DB: faultyD1(env.DB, plan.d1?.beforeBatch, plan.d1?.beforeStatement),
    CACHE: plan.kv === 'down' ? downKv() : env.CACHE,
    TENANT: plan.coordinator === 'down' ? downNamespace(env.TENANT) : env.TENANT,
  };
}
