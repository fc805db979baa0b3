import { beforeAll, describe, expect, it } from 'vitest';
import { appsTenant, appsUser, type AppsTenant } from '../helpers/apps';
import { DOCUMENTED, dbState, expectOversizedRejected, expectWellFormed, fillTemplate, mostlyValid, openApiRoutes, revisionOf, runFace, send, type ApiRoute, type RequestPlan } from '../helpers/hostile';
import { call } from '../helpers/http';

/**
 * Issue 6, hostile input — Apps API (`/t/{appKey}/apps/v1`): every documented route with hostile ids,
 * queries, JSON and image bodies and headers, mostly with a Bearer token of an allowed client's
 * org_admin. Every answer is below 500, every error is `{error: {code, message}}`, and a write
 * answered 4xx leaves the tenant's rows and revision as they were.
 */
describe('hostile input: Apps API', () => {
  let t: AppsTenant;
  let routes: ApiRoute[];
  let plan: RequestPlan;
  let adminToken: string;

  beforeAll(async () => {
    t = await appsTenant();
    const boss = await appsUser(t, 'boss', ['ORG_ADMIN', 'PO_ACC'], 'boss@example.com');
    const bob = await appsUser(t, 'bob', ['EDITOR_ACC'], 'bob@example.com');
    adminToken = boss.token;
    // A token of another tenant's allowed client, and one of a client not on this tenant's allow-list.
    const other = await appsTenant();
    const stranger = await appsUser(other, 'stranger', ['ORG_ADMIN']);
    const unlisted = await appsTenant({ allow: false });
    const outsider = await appsUser(unlisted, 'outsider', ['ORG_ADMIN']);
    const ids = { appKey: [t.appKey], account_id: [bob.id, boss.id], service_partition: ['accounting', 'payroll'] };
    const doc = await openApiRoutes(DOCUMENTED.apps);
    routes = doc.routes;
    plan = {
      validIds: ids,
      mostlyValid: ['appKey'],
      ctx: { schemas: doc.schemas, strings: [...Object.values(ids).flat(), 'org_admin', 'editor', 'viewer', 'product_owner', t.organizationId!] },
      auth: () =>
        mostlyValid(
          [{ authorization: `Bearer ${boss.token}` }, { authorization: `Bearer ${boss.token}` }, { authorization: `bearer ${bob.token}` }],
          [{ authorization: `Bearer ${stranger.token}` }, { authorization: `Bearer ${outsider.token}` }, { 'x-secret-key': t.secretKey }],
        ),
    };
  });

  it('covers every documented Apps API route', () => {
    expect(routes.length).toBeGreaterThanOrEqual(18);
    expect(routes.some((r) => r.body?.kind === 'raw')).toBe(true);
  });

  it('never answers 5xx, answers every error as {error: {code, message}}, and a rejected write changes nothing', async () => {
    const { tried, rejectedWrites, acceptedWrites, faulted } = await runFace({
      face: 'apps',
      routes,
      plan,
      numRuns: 800,
      seed: 6_002,
      state: async () => ({ db: await dbState([t.appKey], ['*.last_used_at']), revision: await revisionOf(t) }),
    });
    expect(tried).toBe(800);
    // Writes that got past validation met D1 failing midway, answered a server error and left nothing behind.
    expect(faulted).toBeGreaterThan(0);
    // The state was compared around many refused writes, and some writes got past validation.
    expect(rejectedWrites).toBeGreaterThan(150);
    expect(acceptedWrites).toBeGreaterThan(5);
  }, 60_000);

  it('H-1: a JSON body or an image over 1 MiB is 413, with or without Content-Length', async () => {
    const n = await expectOversizedRejected(routes, (r) => fillTemplate(r.template, { appKey: [t.appKey] }), () => ({ authorization: `Bearer ${adminToken}` }), 413);
    expect(n).toBeGreaterThanOrEqual(10);
  });

  it('oversized headers never reach a 5xx', async () => {
    for (const headers of [
      { authorization: `Bearer ${'e'.repeat(64 * 1024)}.${'e'.repeat(64 * 1024)}.x` },
      { authorization: `Bearer ${adminToken}`, 'x-operator-uuid': 'o'.repeat(100 * 1024) },
      { authorization: `Bearer ${adminToken}`, 'x-pad': 'p'.repeat(120 * 1024) },
    ] as Record<string, string>[]) {
      for (const [method, path, body] of [
        ['GET', `/t/${t.appKey}/apps/v1/users`, undefined],
        ['POST', `/t/${t.appKey}/apps/v1/ensure`, JSON.stringify({ required_roles: ['editor'], service_partition: 'accounting' })],
      ] as const) {
        const { res, pathname } = await send({ method, path, headers: { 'content-type': 'application/json', ...headers }, body });
        await expectWellFormed(res, pathname, `${method} ${path} ${Object.keys(headers)}`);
      }
    }
    expect((await call(`/t/${t.appKey}/apps/v1/me`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(200);
  });
});
