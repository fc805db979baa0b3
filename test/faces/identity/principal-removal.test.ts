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
