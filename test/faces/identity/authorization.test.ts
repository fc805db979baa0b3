import { beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, json } from '../../helpers/http';
import { defaultRoleId } from '../../helpers/identity';
import { apiTokenOf, createUser, expectStatus, identity, roleWithEndpoints, type Tenant } from '../../helpers/identity-client';
import { RoleClient } from '../../helpers/role-client';

type Check = { subject?: string; scopes: string[]; path: string; method: string };

/** POST /authorization/http with the tenant's secret key; the decision as a boolean. */
async function check(t: Tenant, body: Check, headers: Record<string, string> = {}): Promise<boolean> {
  return (await expectStatus<{ result: boolean }>(identity(t, 'POST', '/authorization/http', body, undefined, headers), 200)).result;
}

/** POST /authorization/http/me as the holder of `token`. */
async function checkMe(t: Tenant, token: string, path: string, method = 'GET'): Promise<boolean> {
  return (await expectStatus<{ result: boolean }>(identity(t, 'POST', '/authorization/http/me', { path, method }, token), 200)).result;
}

describe('Identity API: Check HTTP Authorization', () => {
  let t: Tenant;
  let memberRole: string;
  let managers: string;
  let readerRole: string;
  let g: any;
  let sub: any;
  let h: any;
  let inG: any;
  let inSub: any;
  let outsider: any;
  let withAllRole: any;

  beforeAll(async () => {
    t = await createTenant('http-check');
    memberRole = await defaultRoleId(t, 'member');
    managers = await roleWithEndpoints(t, 'managers', {
      allowed: [
        { method: '*', path: '/v1/groups/{group_uuid}/members' },
        { method: '*', path: '/v1/groups/{group_uuid}/members/**' },
        { method: 'GET', path: '/v1/projects/*/members' },
      ],
    });
    readerRole = await roleWithEndpoints(t, 'reader', { allowed: [{ method: 'GET', path: '/v1/**' }], denied: [{ method: 'GET', path: '/v1/users/**' }, { method: '*', path: '/v1/users' }] });
    g = await expectStatus(identity(t, 'POST', '/groups', { name: 'g' }), 201);
    sub = await expectStatus(identity(t, 'POST', `/groups/${g.uuid}/sub-groups`, { name: 'sub' }), 201);
    h = await expectStatus(identity(t, 'POST', '/groups', { name: 'h' }), 201);
    inG = await createUser(t, 'in-g', [memberRole]);
    inSub = await createUser(t, 'in-sub', []);
    outsider = await createUser(t, 'outsider', []);
    withAllRole = await createUser(t, 'reader-in-all', [readerRole]);
    await expectStatus(identity(t, 'POST', `/groups/${g.uuid}/members`, { user_uuid: inG.uuid, role_uuids: [managers] }), 201);
    await expectStatus(identity(t, 'POST', `/groups/${sub.uuid}/members`, { user_uuid: inSub.uuid, role_uuids: [managers] }), 201);
    await expectStatus(identity(t, 'POST', `/groups/${g.uuid}/members`, { user_uuid: withAllRole.uuid, role_uuids: [] }), 201);
  });

  it('answers {"result": bool}', async () => {
    const res = await identity(t, 'POST', '/authorization/http', { scopes: ['all'], path: '/v1/users', method: 'GET' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ result: true });
  });

  it('without a subject only the request scopes decide', async () => {
    expect(await check(t, { scopes: ['all'], path: '/v1/users', method: 'DELETE' })).toBe(true);
    expect(await check(t, { scopes: ['me'], path: '/v1/me', method: 'GET' })).toBe(true);
    expect(await check(t, { scopes: ['me'], path: '/v1/me/api-tokens', method: 'POST' })).toBe(true);
    expect(await check(t, { scopes: ['me'], path: '/v1/users', method: 'GET' })).toBe(false);
    expect(await check(t, { scopes: [], path: '/v1/me', method: 'GET' })).toBe(false);
    expect(await check(t, { scopes: ['no-such-scope'], path: '/v1/me', method: 'GET' })).toBe(false);
    // A group path without a subject is judged by the request scopes too.
    expect(await check(t, { scopes: [], path: `/v1/groups/${g.uuid}/members`, method: 'GET' })).toBe(false);
    expect(await check(t, { scopes: ['managers'], path: `/v1/groups/${g.uuid}/members`, method: 'GET' })).toBe(true);
  });

  it('a denied endpoint wins over allowed ones, in the same permission and across permissions; methods must match', async () => {
    expect(await check(t, { scopes: ['reader'], path: '/v1/groups', method: 'GET' })).toBe(true);
    expect(await check(t, { scopes: ['reader'], path: '/v1/groups', method: 'POST' })).toBe(false);
    expect(await check(t, { scopes: ['reader'], path: '/v1/users', method: 'GET' })).toBe(false);
    expect(await check(t, { scopes: ['reader'], path: '/v1/users/x/roles', method: 'GET' })).toBe(false);
    expect(await check(t, { scopes: ['reader', 'all'], path: '/v1/users/x', method: 'GET' })).toBe(false);
    expect(await check(t, { scopes: ['all', 'reader'], path: '/v1/users', method: 'POST' })).toBe(false);
    expect(await check(t, { scopes: ['all', 'reader'], path: '/v1/groups', method: 'POST' })).toBe(true);
  });

  it('dot segments cannot escape a pattern (/v1/me/../users is /v1/users)', async () => {
    expect(await check(t, { scopes: ['me'], path: '/v1/me/../users', method: 'GET' })).toBe(false);
    expect(await check(t, { scopes: ['me'], path: '/v1/me/%2e%2e/users', method: 'GET' })).toBe(false);
    expect(await check(t, { scopes: ['me'], path: '/v1/me/./api-tokens', method: 'GET' })).toBe(true);
    expect(await check(t, { scopes: ['reader'], path: '/v1/groups/../users/x', method: 'GET' })).toBe(false);
    expect(await check(t, { subject: inG.uuid, scopes: [], path: `/v1/groups/${g.uuid}/members/../../${h.uuid}/members`, method: 'GET' })).toBe(false);
  });

  it("a subject that is a member decides by its permissions in the group, not by the request's scopes", async () => {
    expect(await check(t, { subject: inG.uuid, scopes: [], path: `/v1/groups/${g.uuid}/members`, method: 'POST' })).toBe(true);
    expect(await check(t, { subject: inG.uuid, scopes: [], path: `/v1/groups/${g.uuid}/members/${outsider.uuid}`, method: 'DELETE' })).toBe(true);
    // Its group permission does not cover the group itself, and request scopes do not add to it.
    expect(await check(t, { subject: inG.uuid, scopes: [], path: `/v1/groups/${g.uuid}`, method: 'GET' })).toBe(false);
    expect(await check(t, { subject: inG.uuid, scopes: ['all'], path: `/v1/groups/${g.uuid}`, method: 'GET' })).toBe(false);
  });

  it("membership reaches sub-groups (roles of the group's ancestors count), not parents", async () => {
    expect(await check(t, { subject: inG.uuid, scopes: [], path: `/v1/groups/${sub.uuid}/members`, method: 'GET' })).toBe(true);
    expect(await check(t, { subject: inSub.uuid, scopes: [], path: `/v1/groups/${sub.uuid}/members`, method: 'GET' })).toBe(true);
    expect(await check(t, { subject: inSub.uuid, scopes: [], path: `/v1/groups/${g.uuid}/members`, method: 'GET' })).toBe(false);
  });

  it('roles held in scope ALL count inside a group too', async () => {
    expect(await check(t, { subject: withAllRole.uuid, scopes: [], path: `/v1/groups/${g.uuid}/anything`, method: 'GET' })).toBe(true);
    expect(await check(t, { subject: withAllRole.uuid, scopes: [], path: `/v1/groups/${g.uuid}/users`, method: 'POST' })).toBe(false);
  });

  it("non-members, unknown subjects, unknown groups and other paths are judged by the request's scopes", async () => {
    expect(await check(t, { subject: outsider.uuid, scopes: [], path: `/v1/groups/${g.uuid}/members`, method: 'GET' })).toBe(false);
    expect(await check(t, { subject: outsider.uuid, scopes: ['managers'], path: `/v1/groups/${g.uuid}/members`, method: 'GET' })).toBe(true);
    expect(await check(t, { subject: inG.uuid, scopes: [], path: `/v1/groups/${h.uuid}/members`, method: 'GET' })).toBe(false);
    expect(await check(t, { subject: inG.uuid, scopes: ['all'], path: `/v1/groups/${h.uuid}/members`, method: 'GET' })).toBe(true);
    expect(await check(t, { subject: 'no-such-user', scopes: ['all'], path: `/v1/groups/${g.uuid}`, method: 'GET' })).toBe(true);
    expect(await check(t, { subject: inG.uuid, scopes: [], path: '/v1/groups/not-a-group/members', method: 'GET' })).toBe(false);
    expect(await check(t, { subject: inG.uuid, scopes: ['all'], path: '/v1/groups/not-a-group/members', method: 'GET' })).toBe(true);
    expect(await check(t, { subject: inG.uuid, scopes: [], path: '/v1/users', method: 'GET' })).toBe(false);
    expect(await check(t, { subject: inG.uuid, scopes: ['me'], path: '/v1/me', method: 'GET' })).toBe(true);
  });

  it('projects are groups: a member is judged by its permissions in the project, others by the request scopes', async () => {
    expect(await check(t, { subject: inG.uuid, scopes: [], path: `/v1/projects/${g.uuid}/members`, method: 'GET' })).toBe(true);
    expect(await check(t, { subject: inG.uuid, scopes: [], path: `/v1/projects/${sub.uuid}/members`, method: 'GET' })).toBe(true);
    expect(await check(t, { subject: inG.uuid, scopes: ['all'], path: `/v1/projects/${g.uuid}/members`, method: 'POST' })).toBe(false);
    expect(await check(t, { subject: outsider.uuid, scopes: [], path: `/v1/projects/${g.uuid}/members`, method: 'GET' })).toBe(false);
    expect(await check(t, { subject: outsider.uuid, scopes: ['all'], path: `/v1/projects/${g.uuid}/members`, method: 'POST' })).toBe(true);
  });

  it('an edge that is a member: its group permissions decide under /groups/{id}, but under /projects/{id} the request scopes do', async () => {
    const edge = await expectStatus(identity(t, 'POST', '/edges', { name: 'edge-in-g' }), 201);
    await expectStatus(identity(t, 'POST', `/groups/${g.uuid}/members`, { user_uuid: edge.uuid, role_uuids: [managers] }), 201);
    expect(await check(t, { subject: edge.uuid, scopes: [], path: `/v1/groups/${g.uuid}/members`, method: 'GET' })).toBe(true);
    expect(await check(t, { subject: edge.uuid, scopes: [], path: `/v1/projects/${g.uuid}/members`, method: 'GET' })).toBe(false);
    expect(await check(t, { subject: edge.uuid, scopes: ['managers'], path: `/v1/projects/${g.uuid}/members`, method: 'GET' })).toBe(true);
    expect(await check(t, { subject: edge.uuid, scopes: ['all'], path: `/v1/projects/${g.uuid}/anything`, method: 'DELETE' })).toBe(true);
  });

  it('decisions follow membership writes at once', async () => {
    const late = await createUser(t, 'late', []);
    const path = `/v1/groups/${h.uuid}/members`;
    expect(await check(t, { subject: late.uuid, scopes: [], path, method: 'GET' })).toBe(false);
    await expectStatus(identity(t, 'POST', `/groups/${h.uuid}/members`, { user_uuid: late.uuid, role_uuids: [managers] }), 201);
    expect(await check(t, { subject: late.uuid, scopes: [], path, method: 'GET' })).toBe(true);
    await expectStatus(identity(t, 'PATCH', `/groups/${h.uuid}/members/${late.uuid}`, { role_uuids: [] }), 200);
    expect(await check(t, { subject: late.uuid, scopes: [], path, method: 'GET' })).toBe(false);
  });

  it('Z-6: X-Min-Revision: answered at least that fresh (X-Revision tells which); ahead of the tenant or malformed is 400', async () => {
    const { revision } = await new RoleClient(t.appKey, t.secretKey).post('/operations', { operationId: 'fresh' });
    expect(revision).toBeGreaterThan(0);
    const body = { scopes: ['all'], path: '/v1/users', method: 'GET' };
    const res = await identity(t, 'POST', '/authorization/http', body, undefined, { 'x-min-revision': String(revision) });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('x-revision'))).toBeGreaterThanOrEqual(revision!);
    expect((await identity(t, 'POST', '/authorization/http', body, undefined, { 'x-min-revision': String(revision! + 1000) })).status).toBe(400);
    expect((await identity(t, 'POST', '/authorization/http', body, undefined, { 'x-min-revision': 'soon' })).status).toBe(400);
  });

  it('bad bodies are 400: scopes, path and method are required; method is one of GET POST PUT PATCH DELETE; path starts with /', async () => {
    const bad = async (body: unknown) => {
      const res = await identity(t, 'POST', '/authorization/http', body);
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ type: 'invalid_request' });
    };
    await bad({ path: '/v1/users', method: 'GET' });
    await bad({ scopes: ['all'], method: 'GET' });
    await bad({ scopes: ['all'], path: '/v1/users' });
    await bad({ scopes: ['all'], path: '/v1/users', method: 'HEAD' });
    await bad({ scopes: ['all'], path: 'v1/users', method: 'GET' });
    await bad({ scopes: 'all', path: '/v1/users', method: 'GET' });
    await bad({ scopes: ['all'], path: '/v1/users', method: 'GET', subject: 5 });
  });

  it("another tenant's subjects and groups mean nothing here", async () => {
    const other = await createTenant('http-check-other');
    expect(await check(other, { subject: inG.uuid, scopes: [], path: `/v1/groups/${g.uuid}/members`, method: 'GET' })).toBe(false);
    const res = await identity({ appKey: other.appKey, secretKey: t.secretKey }, 'POST', '/authorization/http', { scopes: ['all'], path: '/v1/users', method: 'GET' });
    expect(res.status).toBe(401);
  });

  it('every call is judged on the path below /t/{appKey}, however the appKey is spelled (percent-encoded too)', async () => {
    const token = await apiTokenOf(t, inG.uuid);
    const encoded = [...t.appKey].map((ch) => `%${ch.charCodeAt(0).toString(16)}`).join('');
    const get = (path: string) => call(`/t/${encoded}/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get('/me')).status).toBe(200);
    expect((await get('/users')).status).toBe(403);
    expect((await get(`/groups/${g.uuid}/members`)).status).toBe(200);
    expect((await get(`/groups/${h.uuid}/members`)).status).toBe(403);
  });

  describe('Check Me HTTP Authorization', () => {
    it("decides for the caller: its roles in ALL, and in groups it is a member of, its group permissions", async () => {
      const token = await apiTokenOf(t, inG.uuid);
      expect(await checkMe(t, token, '/v1/me')).toBe(true);
      expect(await checkMe(t, token, '/v1/users')).toBe(false);
      expect(await checkMe(t, token, `/v1/groups/${g.uuid}/members`, 'POST')).toBe(true);
      expect(await checkMe(t, token, `/v1/groups/${sub.uuid}/members`, 'GET')).toBe(true);
      expect(await checkMe(t, token, `/v1/groups/${h.uuid}/members`, 'GET')).toBe(false);
      expect(await checkMe(t, token, `/v1/groups/${g.uuid}`, 'DELETE')).toBe(false);
      expect(await checkMe(t, token, '/v1/me/../users')).toBe(false);
    });

    it('the answer matches what the caller then gets from the endpoint', async () => {
      const token = await apiTokenOf(t, inG.uuid);
      expect(await checkMe(t, token, `/v1/groups/${g.uuid}/members`)).toBe(true);
      expect((await identity(t, 'GET', `/groups/${g.uuid}/members`, undefined, token)).status).toBe(200);
      expect(await checkMe(t, token, `/v1/groups/${h.uuid}/members`)).toBe(false);
      expect((await identity(t, 'GET', `/groups/${h.uuid}/members`, undefined, token)).status).toBe(403);
    });

    it('the tenant secret key has no "me" (403); a user needs a permission for the check itself; the request check needs its own permission', async () => {
      const res = await identity(t, 'POST', '/authorization/http/me', { path: '/v1/me', method: 'GET' });
      expect(res.status).toBe(403);
      expect(await json(res)).toMatchObject({ type: 'forbidden', title: expect.stringContaining('secret key') });
      const bare = await createUser(t, 'no-roles', []);
      expect((await identity(t, 'POST', '/authorization/http/me', { path: '/v1/me', method: 'GET' }, await apiTokenOf(t, bare.uuid))).status).toBe(403);
      const token = await apiTokenOf(t, inG.uuid);
      expect((await identity(t, 'POST', '/authorization/http', { scopes: ['all'], path: '/v1/users', method: 'GET' }, token)).status).toBe(403);
      expect((await identity(t, 'POST', '/authorization/http/me', { path: '/v1/me' }, token)).status).toBe(400);
      expect((await identity(t, 'POST', '/authorization/http/me', { path: 'v1/me', method: 'GET' }, token)).status).toBe(400);
    });

    it('honours X-Min-Revision', async () => {
      const token = await apiTokenOf(t, inG.uuid);
      const current = await identity(t, 'POST', '/authorization/http/me', { path: '/v1/me', method: 'GET' }, token, { 'x-min-revision': '1' });
      expect(current.status).toBe(200);
      const revision = Number(current.headers.get('x-revision'));
      expect(revision).toBeGreaterThan(1);
      expect((await identity(t, 'POST', '/authorization/http/me', { path: '/v1/me', method: 'GET' }, token, { 'x-min-revision': String(revision + 1000) })).status).toBe(400);
    });
  });
});
