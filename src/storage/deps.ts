import type { Deps } from '../domain/ports';
import type { AuditContext } from '../domain/audit/audit';
import type { Env } from '../env';
import { randomHex, randomToken } from '../lib/crypto';
import { createCoordinator } from './coordinator';
import { createAbuseCounter } from './abuse-counter';
import { createDecisionCache } from './decision-cache';
import { createJwksCache } from './jwks-cache';
import { createContractCache } from './contract-cache';
import { openDb } from './db';
import { createRepositories } from './repositories';
import { createUnitOfWork } from './unit-of-work';
import { outboxSender, webhookSender } from './mail-outbox';

/** Builds the domain's dependencies from the Worker's bindings (per request, RPC call or test). */
export function buildDeps(env: Env, opts: { actor?: string | null; audit?: AuditContext | null } = {}): Deps {
  const db = openDb(env.DB);
  const repos = createRepositories(db);
  const coordinator = createCoordinator(env.TENANT);
  const clock = { now: () => new Date() };
  return {
    repos,
    uow: createUnitOfWork(db),
    coordinator,
    jwks: createJwksCache(env.CACHE),
    contractCache: createContractCache(env.CACHE),
    decisions: createDecisionCache({ db, kv: env.CACHE, coordinator, tenants: repos.tenants, now: Date.now }),
    clock,
    random: { token: (bytes = 32) => randomToken(bytes), hex: randomHex },
    mail: env.MAIL_WEBHOOK_URL ? webhookSender(db, clock.now, { url: env.MAIL_WEBHOOK_URL, token: env.MAIL_WEBHOOK_TOKEN }) : outboxSender(db, clock.now),
    abuse: createAbuseCounter(env.ABUSE),
    actor: opts.actor ?? null,
    audit: opts.audit ?? null,
    secrets: { keyEncryptionKey: env.KEY_ENCRYPTION_KEY },
    produced: { revision: null },
  };
}
