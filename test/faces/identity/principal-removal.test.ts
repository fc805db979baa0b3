import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createTenant, json } from '../../helpers/http';

const count = (sql: string, ...args: string[]) => env.DB.prepare(sql).bind(...args).first<number>('n');

describe('removing a principal takes it out of every face', () => {
  it.each(['user', 'edge'])('a deleted %s leaves no relations, memberships or refresh tokens behind; histories record it', async (kind) => {
    const t = await createTenant('removal');
    const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const post = async (path: string, body: unknown) => {
      const res = await call(`/t/${t.appKey}/v1${path}`, { method: 'POST', headers: h, body: JSON.stringify(body) });
      expect(res.status, await res.clone().text()).toBe(201);
      return json(res);
    };
    const principal = kind === 'user' ? await post('/users', { name: 'leaving', role_uuids: [] }) : await post('/edges', { name: 'leaving' });
    const group = await post('/groups', { name: 'team' });
    const roles = await json(await call(`/t/${t.appKey}/v1/roles?name=${encodeURIComponent('"member"')}`, { headers: h }));
    await post(`/groups/${group.uuid}/members`, { user_uuid: principal.uuid, role_uuids: [roles.items[0].uuid] });
    expect(await count('SELECT count(*) AS n FROM group_members WHERE tenant_id = ? AND user_id = ?', t.appKey, principal.uuid)).toBe(1);

    const path = kind === 'user' ? `/users/${principal.uuid}` : `/edges/${principal.uuid}`;
    expect((await call(`/t/${t.appKey}/v1${path}`, { method: 'DELETE', headers: h })).status).toBe(204);

    expect(await count('SELECT count(*) AS n FROM group_members WHERE tenant_id = ? AND user_id = ?', t.appKey, principal.uuid)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM user_role_relations WHERE tenant_id = ? AND user_id = ?', t.appKey, principal.uuid)).toBe(0);
    const members = await json(await call(`/t/${t.appKey}/v1/groups/${group.uuid}/members`, { headers: h }));
    expect(members.items).toEqual([]);
    const history = await json(
      await call(`/role/v3.0/appkeys/${t.appKey}/users/${principal.uuid}/histories?sort=seq,ASC&itemsPerPage=100`, { headers: h }),
    );
    expect(history.userHistory.map((e: { command: string }) => e.command).slice(-1)).toEqual(['USER_REMOVE']);
  });
});

describe('the Role API deleting a user deletes the principal in every face', () => {
  it('a user with an Identity API account, an edge and a Role API-only user, deleted in one Role API call: each is gone everywhere, its credentials stop working, and nothing else is touched', async () => {
    const t = await createTenant('role-api-removal');
    const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const v1 = (method: string, path: string, body?: unknown) => call(`/t/${t.appKey}/v1${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const admin = (await json(await v1('GET', `/roles?name=${encodeURIComponent('"admin"')}`))).items[0].uuid;
    const person = await json(await v1('POST', '/users', { name: 'person', role_uuids: [admin], email: 'person@example.com' }));
    const keeper = await json(await v1('POST', '/users', { name: 'keeper', role_uuids: [admin] }));
    const edge = await json(await v1('POST', '/edges', { name: 'robot' }));
    expect((await v1('PUT', `/edges/${edge.uuid}/owner`, { user_uuid: person.uuid })).status).toBe(200);
    const apiToken = (await json(await v1('POST', `/users/${person.uuid}/api-tokens`, { name: 'ci' }))).token;
    const edgeToken = async () =>
      call(`/t/${t.appKey}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: edge.uuid, client_secret: edge.client_secret }).toString(),
      });
    expect((await edgeToken()).status).toBe(200);
    expect((await call(`/t/${t.appKey}/v1/me`, { headers: { authorization: `Bearer ${apiToken}` } })).status).toBe(200);
    const plain = await call(`/role/v3.0/appkeys/${t.appKey}/users`, { method: 'POST', headers: h, body: JSON.stringify({ users: [{ userId: 'plain', roleRelations: [] }] }) });
    expect((await json(plain)).header.resultCode).toBe(0);

    const ids = [person.uuid, edge.uuid, 'plain'];
    const deleted = await call(`/role/v3.0/appkeys/${t.appKey}/users`, { method: 'DELETE', headers: h, body: JSON.stringify({ userIds: ids }) });
    expect((await json(deleted)).header.resultCode).toBe(0);

    expect((await v1('GET', `/users/${person.uuid}`)).status).toBe(404);
    expect((await v1('GET', `/edges/${edge.uuid}`)).status).toBe(404);
    expect((await call(`/t/${t.appKey}/v1/me`, { headers: { authorization: `Bearer ${apiToken}` } })).status).toBe(401);
    expect((await edgeToken()).status).toBe(401);
    for (const table of ['identity_accounts', 'user_emails', 'edges', 'oauth_clients', 'users']) {
      for (const id of ids) {
        const column = table === 'edges' ? 'edge_id' : table === 'oauth_clients' ? 'client_id' : 'user_id';
        expect(await count(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ? AND ${column} = ?`, t.appKey, id), `${table} ${id}`).toBe(0);
      }
    }
    // The other user is untouched and still an administrator; the deleted owner's edge is gone with it.
    expect(await json(await v1('GET', `/users/${keeper.uuid}`))).toMatchObject({ uuid: keeper.uuid, name: 'keeper' });
    expect((await json(await v1('GET', `/users/${keeper.uuid}/roles`))).items.map((r: { uuid: string }) => r.uuid)).toEqual([admin]);
  });
});
