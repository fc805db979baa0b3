import { beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, json } from '../../helpers/http';
import { defaultRoleId } from '../../helpers/identity';

type Tenant = { appKey: string; secretKey: string };
const secret = (t: Tenant) => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });
const api = (t: Tenant, method: string, path: string, body?: unknown) =>
  call(`/t/${t.appKey}/v1${path}`, { method, headers: secret(t), body: body === undefined ? undefined : JSON.stringify(body) });

async function created(res: Response) {
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status} ${await res.text()}`);
  return json(res);
}

/** `key=v1&key=v2…`: `count - 1` values matching nothing, then `last`. */
const repeated = (key: string, count: number, last: string) =>
  [...Array.from({ length: count - 1 }, (_, i) => `no-such-${i}`), last].map((v) => `${key}=${encodeURIComponent(v)}`).join('&');

describe('Identity API list filters', () => {
  let t: Tenant;
  let member: string;
  let admin: string;
  const users: Record<string, any> = {};

  beforeAll(async () => {
    t = await createTenant('list-filters');
    member = await defaultRoleId(t, 'member');
    admin = await defaultRoleId(t, 'admin');
    users.ann = await created(await api(t, 'POST', '/users', { name: 'ann', nickname: 'Annie', role_uuids: [member], email: 'ann@example.com' }));
    users.bea = await created(await api(t, 'POST', '/users', { name: 'bea', nickname: 'Annie B', role_uuids: [admin] }));
    users.cid = await created(await api(t, 'POST', '/users', { name: 'cid', nickname: 'Cid', role_uuids: [member, admin] }));
    await created(await api(t, 'POST', '/edges', { name: 'edge-ann', nickname: 'Annie edge' }));
    await created(await api(t, 'POST', '/oauth2-clients', { name: 'ann-app', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }));
    expect((await api(t, 'POST', `/users/${users.cid.uuid}/disable`)).status).toBe(200);
  });

  const names = async (path: string) => {
    const res = await api(t, 'GET', path);
    expect(res.status, path).toBe(200);
    return (await json(res)).items.map((x: any) => x.name);
  };

  it('List Users: uuid and role_uuid (repeatable), nickname (partial, exact when double-quoted), disabled, is_super, is_temporary, sign-in attempt bounds, sort', async () => {
    expect(await names(`/users?uuid=${users.ann.uuid}&uuid=${users.cid.uuid}`)).toEqual(['ann', 'cid']);
    expect(await names(`/users?role_uuid=${admin}`)).toEqual(['bea', 'cid']);
    expect(await names(`/users?role_uuid=${admin}&role_uuid=${member}`)).toEqual(['ann', 'bea', 'cid']);
    expect(await names('/users?nickname=annie')).toEqual(['ann', 'bea']);
    expect(await names(`/users?nickname=${encodeURIComponent('"Annie"')}`)).toEqual(['ann']);
    expect(await names('/users?email=ANN@')).toEqual(['ann']);
    expect(await names('/users?disabled=true')).toEqual(['cid']);
    expect(await names('/users?disabled=false')).toEqual(['ann', 'bea']);
    expect(await names('/users?is_super=false')).toEqual(['ann', 'bea', 'cid']);
    expect(await names('/users?is_super=true')).toEqual([]);
    expect(await names('/users?is_temporary=true')).toEqual(['ann', 'bea', 'cid']);
    expect(await names('/users?is_temporary=false')).toEqual([]);
    expect(await names('/users?min_sign_in_attempt_count=1')).toEqual([]);
    expect(await names('/users?max_sign_in_attempt_count=0&nickname=annie')).toEqual(['ann', 'bea']);
    // Creation times may share a millisecond, so the order is checked against the times themselves.
    const down = (await json(await api(t, 'GET', '/users?sort=created_at-'))).items.map((u: any) => u.created_at);
    expect(down).toHaveLength(3);
    expect(down).toEqual([...down].sort().reverse());
    expect(await names('/users?sort=name-&disabled=false')).toEqual(['bea', 'ann']);
    for (const q of ['disabled=yes', 'min_sign_in_attempt_count=-1', 'sort=email', 'per_page=201', 'page=0']) expect((await api(t, 'GET', `/users?${q}`)).status, q).toBe(400);
  });

  it('a text filter takes up to 20 values (any of them matches); more is a 400 {type, title}, not a failed query', async () => {
    const lists: [string, string, string, string][] = [
      ['/roles', 'name', '"member"', 'member'],
      ['/scopes', 'name', '"all"', 'all'],
      ['/users', 'name', 'an', 'ann'],
      ['/users', 'nickname', '"Cid"', 'cid'],
      ['/users', 'email', 'ann@', 'ann'],
      ['/edges', 'name', 'edge-', 'edge-ann'],
      ['/edges', 'nickname', 'annie', 'edge-ann'],
      ['/oauth2-clients', 'name', 'ann-', 'ann-app'],
    ];
    for (const [path, key, value, found] of lists) {
      expect(await names(`${path}?${repeated(key, 20, value)}`), `${path} ${key}`).toEqual([found]);
      const res = await api(t, 'GET', `${path}?${repeated(key, 21, value)}`);
      expect(res.status, `${path} ${key}`).toBe(400);
      expect(await json(res)).toEqual({ type: 'invalid_request', title: expect.stringContaining('at most 20') });
      const many = await api(t, 'GET', `${path}?${repeated(key, 300, value)}`);
      expect(many.status, `${path} ${key} ×300`).toBe(400);
    }
  });
});
