import { describe, expect, it } from 'vitest';
import { expectCode, RoleClient } from '../helpers/role-client';

const ROLES = Array.from({ length: 10 }, (_, i) => `R${i}`);

/**
 * CF3 / F1 under concurrency: a writer grows user u's roles one at a time and evicts the caches
 * after each write, while checkers ask, over and over, which of the roles u holds. A check that
 * starts after a response was received must reflect it: it holds at least as many roles as writes
 * answered before it started, and its revision is at least that of every evict answered before
 * it started. Every answer is a prefix (R0..Rk): one state, never a mix.
 */
describe('races: cache-evict, writes and checks at once', () => {
  it('no check answers from before an evict (or a write) whose response came before the check started', async () => {
    const api = await RoleClient.forNewTenant();
    for (const roleId of ROLES) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
    expectCode(await api.post('/users', { users: [{ userId: 'u' }] }), 0);

    let writesAnswered = 0;
    let evictAnswered = 0;
    let writing = true;
    const writer = (async () => {
      for (let k = 1; k <= ROLES.length; k++) {
        const relations = ROLES.slice(0, k).map((roleId) => ({ roleId, scopeId: 'ALL' }));
        expectCode(await api.put('/users/u', { user: { roleRelations: relations } }), 0);
        writesAnswered = k;
        const evict = await api.put('/config/cache-evict');
        expectCode(evict, 0);
        evictAnswered = evict.revision!;
      }
      writing = false;
    })();

    const seen: { held: number; revision: number }[] = [];
    const violations: string[] = [];
    const checker = async () => {
      while (writing) {
        const minHeld = writesAnswered;
        const minRevision = evictAnswered;
        const res = await api.post('/users/u/authorizations/roles', { roles: ROLES.map((roleId) => ({ roleId })) });
        const answer = expectCode(res, 0).authorizations.map((a: { permission: boolean }) => a.permission) as boolean[];
        const held = answer.filter(Boolean).length;
        if (answer.some((p, i) => p !== i < held)) violations.push(`not one state: ${JSON.stringify(answer)}`);
        if (held < minHeld) violations.push(`stale: ${held} roles after ${minHeld} writes were answered`);
        if (res.revision! < minRevision) violations.push(`revision ${res.revision} after evict ${minRevision} was answered`);
        seen.push({ held, revision: res.revision! });
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };
    await Promise.all([writer, checker(), checker(), checker()]);
    console.log(`evict race: ${seen.length} checks beside ${ROLES.length} writes and ${ROLES.length} evicts`);
    expect(violations).toEqual([]);
    expect(seen.length).toBeGreaterThan(ROLES.length);
    // The checks really ran in between: they saw more than the first and the last state.
    expect(new Set(seen.map((s) => s.held)).size).toBeGreaterThan(2);
    expect(expectCode(await api.post('/users/u/authorizations/roles', { roles: ROLES.map((roleId) => ({ roleId })) }), 0).authorizations.every((a: { permission: boolean }) => a.permission)).toBe(true);
  });
});
