import { DurableObject } from 'cloudflare:workers';
import type { AbuseSubject } from '../domain/abuse/limits';
import type { AbuseCounter as AbuseCounterPort } from '../domain/ports';
import { EMPTY_WINDOW, forgettableAt, verdictOf, withFailure, type AbusePolicy, type AbuseVerdict, type WindowState } from '../domain/abuse/window';
import type { Env } from '../env';

const STATE_KEY = 'window';

/**
 * One instance per tenant and abuse subject (named `tenant:kind:value`, e.g.
 * `K:ip:203.0.113.9`, `K:client_ip:<client id>|203.0.113.9`): the failure window of that subject
 * (src/domain/abuse/window.ts) in its own storage, so the count is the same from every isolate and
 * location, survives restarts, and concurrent failures are all counted (each call reads and writes
 * synchronously, so the input gate runs them one at a time).
 *
 * An alarm deletes the state once it can no longer matter (nothing in the window and no block to
 * remember for the backoff), so storage stays bounded by the subjects active in the last day.
 */
export class AbuseCounter extends DurableObject<Env> {
  private load(): WindowState {
    return (this.ctx.storage.kv.get<WindowState>(STATE_KEY) as WindowState | undefined) ?? EMPTY_WINDOW;
  }

  check(nowMs: number): AbuseVerdict {
    return verdictOf(this.load(), nowMs);
  }

  async record(policy: AbusePolicy, nowMs: number): Promise<AbuseVerdict> {
    const next = withFailure(this.load(), policy, nowMs);
    this.ctx.storage.kv.put(STATE_KEY, next);
    const forgetAt = forgettableAt(next, policy);
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm < forgetAt) await this.ctx.storage.setAlarm(forgetAt);
    return verdictOf(next, nowMs);
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}

export function createAbuseCounter(namespace: DurableObjectNamespace<AbuseCounter>): AbuseCounterPort {
  const stub = (tenantId: string, subject: AbuseSubject) => namespace.get(namespace.idFromName(`${tenantId}:${subject.kind}:${subject.value}`));
  return {
    check: (tenantId, subject, nowMs) => stub(tenantId, subject).check(nowMs),
    record: (tenantId, subject, policy, nowMs) => stub(tenantId, subject).record(policy, nowMs),
  };
}
