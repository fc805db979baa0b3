import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { AuditActor, AuditFace } from '../../domain/audit/audit';
import type { Caller } from '../../domain/identity/principal';
import type { AppEnv } from '../../env';

/** Path parameters that only locate the tenant; every other one names what is written. */
const LOCATION_PARAMS = new Set(['appKey']);
const MAX_OPERATOR_UUID = 128;

/** The audit actor of an Identity API caller (also a control-plane token's caller). */
export function callerActor(caller: Caller): AuditActor {
  if (caller.kind === 'tenant') return { kind: 'tenant', id: null };
  if (caller.kind === 'user') return { kind: 'user', id: caller.userId };
  return { kind: 'client', id: caller.clientId, clientId: caller.clientId };
}

/**
 * Marks the rest of the request as a management write by `actor` through `face`: every change it
 * makes records who, the route (`POST /t/:appKey/v1/users`), its path ids, when and the revision.
 * Call it in the face's authentication middleware, once the caller is known.
 */
export function auditAs(c: Context<AppEnv>, face: AuditFace, actor: AuditActor): void {
  const operatorUuid = c.req.header('x-operator-uuid')?.slice(0, MAX_OPERATOR_UUID) || null;
  c.set('deps', {
    ...c.var.deps,
    audit: {
      face,
      actor,
      operatorUuid,
      requestId: c.get('requestId') ?? null,
      // Read inside the handler, where the matched route is the one answering.
      action: () => `${c.req.method} ${routePath(c)}`,
      target: () => Object.fromEntries(Object.entries(c.req.param() as Record<string, string>).filter(([k]) => !LOCATION_PARAMS.has(k))),
    },
  });
}
