import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { createApp } from '../../src/app';
import { withFaults, type FaultPlan } from '../../src/storage/faults';

const app = createApp();
const ORIGIN = 'https://edge-iam.test';

/**
 * A request through the Worker's own app, served with bindings that misbehave as `plan` says
 * (src/storage/faults.ts): the same routes, domain and storage adapters as `call()`, over the same
 * D1, KV and Durable Objects.
 */
export async function callWith(plan: FaultPlan, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${ORIGIN}${path}`, init), withFaults(env, plan), ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A Role API call for tenant `t` with faults. */
export function roleWith(plan: FaultPlan, t: { appKey: string; secretKey: string }, method: string, path: string, body?: unknown): Promise<Response> {
  return callWith(plan, `/role/v3.0/appkeys/${t.appKey}${path}`, {
    method,
    headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** SQL of a D1 batch that reads one user's role relations (the second read of a check). */
export const readsUserRelations = (sql: string[]) => sql.some((s) => /^select/i.test(s) && s.includes('"user_role_relations"'));

/** Whether a D1 batch writes (reads of the same request pass untouched). */
export const writesAny = (sql: string[]) => sql.some((s) => /^\s*(insert|update|delete)\b/i.test(s));

/** D1 fails in the middle of every write batch of the request (the first half of its statements ran, then the transaction broke); `seen` counts the batches it broke. */
export function failMidway() {
  const seen: number[] = [];
  return {
    seen,
    plan: {
      d1: {
        beforeBatch: (sql: string[]) => {
          if (!writesAny(sql)) return;
          seen.push(sql.length);
          return 'fail-midway' as const;
        },
      },
    },
  };
}
