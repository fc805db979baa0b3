import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AuditContext } from '../../src/domain/audit/audit';
import type { Deps, UnitOfWork } from '../../src/domain/ports';
import { createTenant } from '../../src/domain/tenants/tenants';
import type { Env } from '../../src/env';
import { buildDeps } from '../../src/storage/deps';
import { admin, json } from '../helpers/http';

const context: AuditContext = {
  face: 'admin',
  actor: { kind: 'operator', id: null },
  operatorUuid: null,
  requestId: 'req-1',
  action: () => 'POST /admin/v1/tenants',
  target: () => ({}),
};

/** Deps whose unit of work fails its `n`-th commit (a D1 outage at that moment). */
function failingCommit(n: number): Deps {
  const base = buildDeps(env as unknown as Env, { audit: context });
  let calls = 0;
  const uow: UnitOfWork = {
    commit(ops, onConflict) {
      calls += 1;
      return calls === n ? Promise.reject(new Error('D1_ERROR: storage unavailable')) : base.uow.commit(ops, onConflict);
    },
  };
  return { ...base, uow };
}

const trail = async (appKey: string) => (await json(await admin('GET', `/tenants/${appKey}/audit`))).items;

describe('audit trail: the two steps of an audited write', () => {
  it('the change and its audit row land together; when recording the revision fails the write still succeeds and the row keeps revision null', async () => {
    const created = await createTenant(failingCommit(2), { name: 'second-step' });
    expect((await admin('GET', `/tenants/${created.appKey}`)).status).toBe(200);
    expect(await trail(created.appKey)).toEqual([expect.objectContaining({ action: 'POST /admin/v1/tenants', revision: null, requestId: 'req-1' })]);
  });

  it('when the batch fails, neither the change nor its audit row exists', async () => {
    await expect(createTenant(failingCommit(1), { name: 'first-step', appKey: 'audit-first-step' })).rejects.toThrow('storage unavailable');
    expect((await admin('GET', '/tenants/audit-first-step')).status).toBe(404);
    expect((await admin('GET', '/tenants/audit-first-step/audit')).status).toBe(404);
  });
});
