import { beforeAll, describe, expect, it } from 'vitest';
import { call, json } from '../../helpers/http';
import { apps, appsTenant, appsUser, type AppsTenant } from '../../helpers/apps';
import { expectCode } from '../../helpers/role-client';

type U = { id: string; token: string };

describe('Apps API: users, visibility by role, service roles', () => {
  let t: AppsTenant;
  let admin: U; // org_admin
  let owner: U; // product owner of accounting
  let plain: U; // editor of accounting and of payroll, nothing else
  let others: U[];

  beforeAll(async () => {
    t = await appsTenant();
    admin = await appsUser(t, 'ada', ['ORG_ADMIN'], 'ada@example.com');
    owner = await appsUser(t, 'olga', ['PO_ACC'], 'olga@example.com');
    plain = await appsUser(t, 'pete', ['EDITOR_ACC', 'EDITOR_PAY'], 'pete@example.com');
    others = [];
    for (const name of ['quinn', 'rita', 'sam']) others.push(await appsUser(t, name, [], `${name}@corp.example`));
  });

  it('/me: the token user with its organization, e-mails, roles and service roles', async () => {
    const me = await json(await apps(t, plain.token, 'GET', '/me'));
    expect(me).toEqual({
      account_id: plain.id,
      organization_id: t.organizationId,
      name: 'pete',
      nickname: '',
      emails: [{ address: 'pete@example.com', verified: false }],
      disabled: false,
      is_organization_admin: false,
      product_owner_of: [],
      service_roles: [
        { service_partition: 'accounting', role_id: 'EDITOR_ACC', role_name: 'editor' },
        { service_partition: 'payroll', role_id: 'EDITOR_PAY', role_name: 'editor' },
      ],
      has_profile_image: false,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect((await json(await apps(t, admin.token, 'GET', '/me'))).is_organization_admin).toBe(true);
    expect((await json(await apps(t, owner.token, 'GET', '/me'))).product_owner_of).toEqual(['accounting']);
  });

  it('an organization admin lists every user; a plain user only itself; others are 404 to it', async () => {
    const all = await apps(t, admin.token, 'GET', '/users');
    expect(all.status).toBe(200);
    expect(all.headers.get('total-number')).toBe('6');
    expect((await json(all)).map((u: any) => u.name)).toEqual(['ada', 'olga', 'pete', 'quinn', 'rita', 'sam']);
    const mine = await apps(t, plain.token, 'GET', '/users');
    expect(mine.headers.get('total-number')).toBe('1');
    expect((await json(mine)).map((u: any) => u.account_id)).toEqual([plain.id]);
    expect((await apps(t, plain.token, 'GET', `/users/${plain.id}`)).status).toBe(200);
    const hidden = await apps(t, plain.token, 'GET', `/users/${others[0]!.id}`);
    expect(hidden.status).toBe(404);
    expect((await json(hidden)).error.code).toBe('user.not_found');
    expect((await apps(t, admin.token, 'GET', `/users/${others[0]!.id}`)).status).toBe(200);
    expect((await apps(t, admin.token, 'GET', '/users/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it("a product owner sees every user, but only its own partitions' service roles of others", async () => {
    const seen = await json(await apps(t, owner.token, 'GET', `/users/${plain.id}`));
    expect(seen.service_roles).toEqual([{ service_partition: 'accounting', role_id: 'EDITOR_ACC', role_name: 'editor' }]);
    const admins = await json(await apps(t, admin.token, 'GET', `/users/${plain.id}`));
    expect(admins.service_roles.map((r: any) => r.service_partition)).toEqual(['accounting', 'payroll']);
    expect((await apps(t, owner.token, 'GET', '/users')).headers.get('total-number')).toBe('6');
  });

  it('lists page as Logto does: page, page_size, Total-Number and Link; sort', async () => {
    const p2 = await apps(t, admin.token, 'GET', '/users?page=2&page_size=2');
    expect(p2.headers.get('total-number')).toBe('6');
    const link = p2.headers.get('link')!;
    expect(link).toContain('page=1&page_size=2>; rel="first"');
    expect(link).toContain('page=1&page_size=2>; rel="prev"');
    expect(link).toContain('page=3&page_size=2>; rel="next"');
    expect(link).toContain('page=3&page_size=2>; rel="last"');
    expect((await json(p2)).map((u: any) => u.name)).toEqual(['pete', 'quinn']);
    const desc = await json(await apps(t, admin.token, 'GET', '/users?sort=-name&page_size=2'));
    expect(desc.map((u: any) => u.name)).toEqual(['sam', 'rita']);
    expect((await apps(t, admin.token, 'GET', '/users?page_size=101')).status).toBe(400);
  });

  it('/users/query searches by name, e-mail, service partition and role, within what the caller sees', async () => {
    const byEmail = await apps(t, admin.token, 'GET', '/users/query?email=CORP.example');
    expect(byEmail.headers.get('total-number')).toBe('3');
    expect((await json(byEmail)).map((u: any) => u.name)).toEqual(['quinn', 'rita', 'sam']);
    expect((await json(await apps(t, admin.token, 'GET', '/users/query?name=it'))).map((u: any) => u.name)).toEqual(['rita']);
    expect((await json(await apps(t, admin.token, 'GET', '/users/query?name=ada&name=sam'))).map((u: any) => u.name)).toEqual(['ada', 'sam']);
    expect((await json(await apps(t, admin.token, 'GET', '/users/query?service_partition=payroll'))).map((u: any) => u.name)).toEqual(['pete']);
    expect((await json(await apps(t, admin.token, 'GET', '/users/query?service_partition=accounting&role=product_owner'))).map((u: any) => u.name)).toEqual(['olga']);
    expect(await json(await apps(t, admin.token, 'GET', '/users/query?service_partition=nothing'))).toEqual([]);
    // A plain user searching finds at most itself.
    expect(await json(await apps(t, plain.token, 'GET', '/users/query?email=corp'))).toEqual([]);
    expect((await json(await apps(t, plain.token, 'GET', '/users/query?name=pe'))).map((u: any) => u.name)).toEqual(['pete']);
    expect((await apps(t, admin.token, 'GET', '/users/query?role=editor')).status).toBe(400);
  });

  it("/users/query does not tell a product owner who holds another partition's roles; it pages with Total-Number and Link", async () => {
    const names = async (token: string, q: string) => (await json(await apps(t, token, 'GET', `/users/query?${q}`))).map((u: any) => u.name);
    expect(await names(admin.token, 'service_partition=payroll&role=editor')).toEqual(['pete']);
    // olga owns accounting, not payroll: payroll's holders are hidden, as their payroll roles are.
    expect(await names(owner.token, 'service_partition=payroll')).toEqual([]);
    expect(await names(owner.token, 'service_partition=payroll&role=editor')).toEqual([]);
    expect(await names(owner.token, `service_partition=payroll&account_id=${plain.id}`)).toEqual([]);
    expect(await names(owner.token, 'service_partition=accounting&role=editor')).toEqual(['pete']);
    // A caller always finds itself by its own roles.
    expect(await names(plain.token, 'service_partition=payroll&role=editor')).toEqual(['pete']);

    const page = await apps(t, admin.token, 'GET', '/users/query?email=example&page=2&page_size=1&sort=-name');
    expect(page.status).toBe(200);
    expect(page.headers.get('total-number')).toBe('6');
    expect(page.headers.get('link')).toContain('page=3&page_size=1');
    expect(page.headers.get('link')).toContain('email=example');
    expect((await json(page)).map((u: any) => u.name)).toEqual(['rita']);
    expect(await names(admin.token, `account_id=${others[1]!.id}&account_id=${others[2]!.id}`)).toEqual(['rita', 'sam']);
    expect(await names(plain.token, `account_id=${others[1]!.id}`)).toEqual([]);
  });

  it('service roles: organization admins assign any partition; product owners only theirs; plain users none', async () => {
    const target = others[0]!.id;
    const assigned = await apps(t, admin.token, 'POST', `/users/${target}/service_roles`, { service_partition: 'payroll', roles: ['editor'] });
    expect(assigned.status).toBe(200);
    expect((await json(assigned)).service_roles).toEqual([{ service_partition: 'payroll', role_id: 'EDITOR_PAY', role_name: 'editor' }]);
    expect(assigned.headers.get('content-type')).toContain('application/json');

    const byOwner = await apps(t, owner.token, 'POST', `/users/${target}/service_roles`, { service_partition: 'accounting', roles: ['viewer', 'editor'] });
    expect(byOwner.status).toBe(200);
    // The owner sees only its partition's roles of others.
    expect((await json(byOwner)).service_roles.map((r: any) => r.role_name)).toEqual(['editor', 'viewer']);
    // Idempotent: assigning a held role again changes nothing.
    expect((await apps(t, owner.token, 'POST', `/users/${target}/service_roles`, { service_partition: 'accounting', roles: ['viewer'] })).status).toBe(200);

    expect((await apps(t, owner.token, 'POST', `/users/${target}/service_roles`, { service_partition: 'payroll', roles: ['editor'] })).status).toBe(403);
    expect((await apps(t, owner.token, 'POST', `/users/${target}/service_roles`, { service_partition: 'accounting', roles: ['product_owner'] })).status).toBe(403);
    expect((await apps(t, plain.token, 'POST', `/users/${plain.id}/service_roles`, { service_partition: 'accounting', roles: ['viewer'] })).status).toBe(403);
    const missing = await apps(t, admin.token, 'POST', `/users/${target}/service_roles`, { service_partition: 'accounting', roles: ['nope'] });
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe('role.not_found');
    expect((await apps(t, admin.token, 'POST', `/users/${target}/service_roles`, { service_partition: 'accounting', roles: [] })).status).toBe(400);
    expect((await apps(t, admin.token, 'POST', '/users/no-such-user/service_roles', { service_partition: 'accounting', roles: ['viewer'] })).status).toBe(404);

    // The same relations through the Role API: one principal.
    const viaRoleApi = expectCode(await t.roles.get(`/users/${target}`), 0) as any;
    expect(viaRoleApi.user.roleRelations.map((r: any) => r.roleId).sort()).toEqual(['EDITOR_ACC', 'EDITOR_PAY', 'VIEWER_ACC']);

    const unassigned = await apps(t, owner.token, 'POST', `/users/${target}/service_roles/unassign`, { service_partition: 'accounting', roles: ['viewer'] });
    expect(unassigned.status).toBe(200);
    expect((await json(unassigned)).service_roles.map((r: any) => r.role_name)).toEqual(['editor']);
    expect((await apps(t, owner.token, 'POST', `/users/${target}/service_roles/unassign`, { service_partition: 'payroll', roles: ['editor'] })).status).toBe(403);
    const final = await json(await apps(t, admin.token, 'POST', `/users/${target}/service_roles/unassign`, { service_partition: 'payroll', roles: ['editor'] }));
    expect(final.service_roles).toEqual([{ service_partition: 'accounting', role_id: 'EDITOR_ACC', role_name: 'editor' }]);
  });

  it("one tenant never sees another's users", async () => {
    const other = await appsTenant();
    const boss = await appsUser(other, 'boss', ['ORG_ADMIN']);
    const list = await json(await apps(other, boss.token, 'GET', '/users'));
    expect(list.map((u: any) => u.name)).toEqual(['boss']);
    expect((await apps(other, boss.token, 'GET', `/users/${plain.id}`)).status).toBe(404);
    expect((await apps(other, boss.token, 'POST', `/users/${plain.id}/service_roles`, { service_partition: 'accounting', roles: ['viewer'] })).status).toBe(404);
  });

  it('roles are read at each call, not from the token: granting org_admin widens what the same token sees, removing it narrows it', async () => {
    const u = await appsUser(t, 'gus');
    const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    expect((await apps(t, u.token, 'GET', '/users')).headers.get('total-number')).toBe('1');
    expect((await call(`/t/${t.appKey}/v1/users/${u.id}/roles`, { method: 'POST', headers: h, body: JSON.stringify({ role_uuid: 'ORG_ADMIN' }) })).status).toBeLessThan(300);
    expect(Number((await apps(t, u.token, 'GET', '/users')).headers.get('total-number'))).toBeGreaterThan(1);
    expect((await apps(t, u.token, 'GET', `/users/${plain.id}`)).status).toBe(200);
    expect((await call(`/t/${t.appKey}/v1/users/${u.id}/roles/ORG_ADMIN`, { method: 'DELETE', headers: h })).status).toBe(204);
    expect((await apps(t, u.token, 'GET', '/users')).headers.get('total-number')).toBe('1');
    expect((await apps(t, u.token, 'GET', `/users/${plain.id}`)).status).toBe(404);
  });

  it('a disabled user is refused, its token no longer works', async () => {
    const u = await appsUser(t, 'zed');
    expect((await apps(t, u.token, 'GET', '/me')).status).toBe(200);
    await call(`/t/${t.appKey}/v1/users/${u.id}/disable`, { method: 'POST', headers: { 'x-secret-key': t.secretKey } });
    expect((await apps(t, u.token, 'GET', '/me')).status).toBe(401);
    // Organization admins still find it, and can tell disabled users apart.
    expect((await json(await apps(t, admin.token, 'GET', '/users/query?disabled=true'))).map((x: any) => [x.name, x.disabled])).toEqual([['zed', true]]);
    expect((await json(await apps(t, admin.token, 'GET', '/users/query?disabled=false&page_size=100'))).map((x: any) => x.name)).not.toContain('zed');
    expect((await apps(t, admin.token, 'GET', '/users/query?disabled=maybe')).status).toBe(400);
  });
});
