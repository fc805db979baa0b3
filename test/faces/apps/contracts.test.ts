import { beforeAll, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:test';
import { admin, call, json } from '../../helpers/http';
import { allowedMachineToken, apps, appsTenant, appsUser, type AppsTenant } from '../../helpers/apps';

describe('Apps API: service contracts, served from the published cache', () => {
  let t: AppsTenant;
  let orgAdmin: { id: string; token: string };
  let plain: { id: string; token: string };

  beforeAll(async () => {
    t = await appsTenant();
    orgAdmin = await appsUser(t, 'ada', ['ORG_ADMIN']);
    plain = await appsUser(t, 'pete');
  });

  it('the operator records a contract; the first read publishes; later records show only after /contracts/update through the DO', async () => {
    const recorded = await admin('PUT', `/tenants/${t.appKey}/contracts/accounting`, { status: 'active', plan: 'standard', startsAt: '2020-01-01T00:00:00Z', attributes: { seats: 10 } });
    expect(recorded.status).toBe(200);
    expect(await json(recorded)).toEqual({
      servicePartition: 'accounting',
      status: 'active',
      plan: 'standard',
      startsAt: '2020-01-01T00:00:00.000Z',
      endsAt: null,
      attributes: { seats: 10 },
      updatedAt: expect.any(String),
    });
    const first = await apps(t, plain.token, 'GET', '/contracts/accounting');
    expect(first.status).toBe(200);
    const c1 = await json(first);
    expect(c1).toEqual({
      service_partition: 'accounting',
      organization_id: t.organizationId,
      status: 'active',
      plan: 'standard',
      starts_at: '2020-01-01T00:00:00.000Z',
      ends_at: null,
      attributes: { seats: 10 },
      in_force: true,
      version: 1,
      updated_at: expect.any(String),
    });
    // The published copy lives in KV, written by the tenant's Durable Object.
    const kv = await env.CACHE.get(`contracts:v1:${t.appKey}`, 'json');
    expect(kv).toMatchObject({ version: 1, contracts: { accounting: { plan: 'standard' } } });

    await admin('PUT', `/tenants/${t.appKey}/contracts/accounting`, { status: 'active', plan: 'premium', attributes: { seats: 50 } });
    await admin('PUT', `/tenants/${t.appKey}/contracts/payroll`, { status: 'suspended' });
    expect((await json(await apps(t, plain.token, 'GET', '/contracts/accounting'))).plan).toBe('standard');
    expect((await apps(t, plain.token, 'GET', '/contracts/payroll')).status).toBe(404);

    // A plain user may not refresh; an organization admin may.
    expect((await apps(t, plain.token, 'POST', '/contracts/update', {})).status).toBe(403);
    const updated = await apps(t, orgAdmin.token, 'POST', '/contracts/update', {});
    expect(updated.status).toBe(200);
    expect(await json(updated)).toEqual({ version: 2, published_at: expect.any(String), service_partitions: ['accounting', 'payroll'] });

    const next = await json(await apps(t, plain.token, 'GET', '/contracts/accounting'));
    expect(next).toMatchObject({ plan: 'premium', attributes: { seats: 50 }, version: 2, in_force: true });
    expect(await json(await apps(t, plain.token, 'GET', '/contracts/payroll'))).toMatchObject({ status: 'suspended', in_force: false, version: 2 });
    expect(await env.CACHE.get(`contracts:v1:${t.appKey}`, 'json')).toMatchObject({ version: 2 });
  });

  it('/contracts/update may name partitions: only those are refreshed; a deleted record drops out', async () => {
    await admin('PUT', `/tenants/${t.appKey}/contracts/accounting`, { status: 'cancelled' });
    expect((await admin('DELETE', `/tenants/${t.appKey}/contracts/payroll`)).status).toBe(204);
    const partial = await json(await apps(t, orgAdmin.token, 'POST', '/contracts/update', { service_partitions: ['payroll'] }));
    expect(partial.service_partitions).toEqual(['accounting']);
    expect((await json(await apps(t, plain.token, 'GET', '/contracts/accounting'))).status).toBe('active');
    expect((await apps(t, plain.token, 'GET', '/contracts/payroll')).status).toBe(404);
    // The operator publishes too.
    const published = await admin('POST', `/tenants/${t.appKey}/contracts/update`);
    expect(published.status).toBe(200);
    expect((await json(published)).servicePartitions).toEqual(['accounting']);
    expect((await json(await apps(t, plain.token, 'GET', '/contracts/accounting'))).status).toBe('cancelled');
    expect((await admin('DELETE', `/tenants/${t.appKey}/contracts/payroll`)).status).toBe(404);
  });

  it('a product owner and an allowed client (its own token) may refresh too', async () => {
    const owner = await appsUser(t, 'olga', ['PO_ACC']);
    const byOwner = await apps(t, owner.token, 'POST', '/contracts/update');
    expect(byOwner.status).toBe(200);
    const v = (await json(byOwner)).version;
    const { token: machine } = await allowedMachineToken(t);
    const byClient = await apps(t, machine, 'POST', '/contracts/update', { service_partitions: ['accounting'] });
    expect(byClient.status).toBe(200);
    expect((await json(byClient)).version).toBe(v + 1);
    expect((await json(await apps(t, machine, 'GET', '/contracts/accounting'))).version).toBe(v + 1);
  });

  it('bad input: partition syntax, dates, status', async () => {
    expect((await apps(t, plain.token, 'GET', '/contracts/bad%20name')).status).toBe(400);
    expect((await admin('PUT', `/tenants/${t.appKey}/contracts/x`, { status: 'active', startsAt: 'yesterday' })).status).toBe(400);
    expect((await admin('PUT', `/tenants/${t.appKey}/contracts/x`, { status: 'active', startsAt: '2030-01-01T00:00:00Z', endsAt: '2020-01-01T00:00:00Z' })).status).toBe(400);
    expect((await admin('PUT', `/tenants/${t.appKey}/contracts/x`, { status: 'maybe' })).status).toBe(400);
    expect((await apps(t, orgAdmin.token, 'POST', '/contracts/update', { service_partitions: ['no spaces'] })).status).toBe(400);
    expect((await admin('PUT', `/tenants/no-such-tenant/contracts/x`, { status: 'active' })).status).toBe(404);
  });

  it("one tenant's contracts are not another's", async () => {
    const b = await appsTenant();
    const u = await appsUser(b, 'bea');
    expect((await apps(b, u.token, 'GET', '/contracts/accounting')).status).toBe(404);
    await admin('PUT', `/tenants/${b.appKey}/contracts/accounting`, { status: 'active', plan: 'b-plan' });
    await admin('POST', `/tenants/${b.appKey}/contracts/update`);
    expect((await json(await apps(b, u.token, 'GET', '/contracts/accounting'))).plan).toBe('b-plan');
    expect((await json(await apps(t, plain.token, 'GET', '/contracts/accounting'))).status).toBe('cancelled');
  });
});

describe('Apps API: the KV copy of the contracts', () => {
  it('a KV value of another shape is a miss: the tenant’s Durable Object answers', async () => {
    for (const bad of [
      (createdAt: string) => ({ version: 9, tenantCreatedAt: createdAt, publishedAt: 'x', contracts: null }),
      (createdAt: string) => ({ version: 9, tenantCreatedAt: createdAt, publishedAt: 'x', contracts: [] }),
      (createdAt: string) => ({ version: 9, tenantCreatedAt: createdAt, publishedAt: 'x', contracts: { accounting: null } }),
      (createdAt: string) => ({ version: '9', tenantCreatedAt: createdAt, contracts: {} }),
      () => '{not json',
    ]) {
      // A fresh tenant each time: its first read goes past the isolate memo to KV.
      const b = await appsTenant();
      const u = await appsUser(b, 'kim');
      await admin('PUT', `/tenants/${b.appKey}/contracts/accounting`, { status: 'active', plan: 'kv' });
      const value = bad((await json(await admin('GET', `/tenants/${b.appKey}`))).createdAt);
      await env.CACHE.put(`contracts:v1:${b.appKey}`, typeof value === 'string' ? value : JSON.stringify(value));
      const res = await apps(b, u.token, 'GET', '/contracts/accounting');
      expect(res.status, JSON.stringify(value)).toBe(200);
      expect(await json(res)).toMatchObject({ plan: 'kv', version: 1 });
    }
  });
});
