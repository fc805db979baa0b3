import type { Deps } from '../domain/ports';
import type { Env } from '../env';
import { randomHex, randomToken } from '../lib/crypto';
import { createCoordinator } from './coordinator';
import { openDb } from './db';
import { createRepositories } from './repositories';
import { createUnitOfWork } from './unit-of-work';

/** Builds the domain's dependencies from the Worker's bindings (per request, RPC call or test). */
export function buildDeps(env: Env, opts: { actor?: string | null } = {}): Deps {
  const db = openDb(env.DB);
  return {
    repos: createRepositories(db),
    uow: createUnitOfWork(db),
    coordinator: createCoordinator(env.TENANT),
    clock: { now: () => new Date() },
    random: { token: (bytes = 32) => randomToken(bytes), hex: randomHex },
    actor: opts.actor ?? null,
  };
}
