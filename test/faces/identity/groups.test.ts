import { beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, json } from '../../helpers/http';
import { defaultRoleId } from '../../helpers/identity';
import { apiTokenOf as tokenOf, createUser as user, expectStatus, identity as api, roleWithEndpoints, type Tenant } from '../../helpers/identity-client';
import { expectCode, RoleClient } from '../../helpers/role-client';

const ok = <T = any>(res: Promise<Response> | Response, status = 200) => expectStatus<T>(res, status);
const roleApi = (t: Tenant) => new RoleClient(t.appKey, t.secretKey);

describe('Identity API: groups', () => {
  let t: Tenant;
  let admin: string;
  let member: string;

  beforeAll(async () => {
    t = await createTenant('groups');
    admin = await defaultRoleId(t, 'admin');
    member = await defaultRoleId(t, 'member');
  });

  it('Create Group: {uuid, parent_group_uuid: null, name, created_at, updated_at}; the group is a Role API scope; no owner with the secret key', async () => {
    const g = await ok(api(t, 'POST', '/groups', { name: 'my-group' }), 201);
    expect(g).toEqual({ uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), parent_group_uuid: null, name: 'my-group', created_at: expect.any(String), updated_at: g.created_at });
    expect(await ok(api(t, 'GET', `/groups/${g.uuid}`))).toEqual(g);
    expect(expectCode(await roleApi(t).get(`/scopes/${g.uuid}`), 0)).toMatchObject({ scope: { scopeId: g.uuid } });
    const members = await ok(api(t, 'GET', `/groups/${g.uuid}/members`));
    expect(members).toEqual({ items: [], page: { total_count: 0, first: true, last: true, next: '', previous: '' } });
  });

  it("a group's scope cannot be deleted through the Role API (13004): it lives and dies with the group", async () => {
    const g = await ok(api(t, 'POST', '/groups', { name: 'scope-guarded' }), 201);
    expectCode(await roleApi(t).delete(`/scopes/${g.uuid}`), 13004);
    expectCode(await roleApi(t).get(`/scopes/${g.uuid}`), 0);
    await ok(api(t, 'DELETE', `/groups/${g.uuid}`), 204);
    expectCode(await roleApi(t).get(`/scopes/${g.uuid}`), 13001);
  });

  it('name is 1..255 characters; missing or wrong type is 400; unknown groups are 404', async () => {
    expect((await api(t, 'POST', '/groups', { name: '' })).status).toBe(400);
    expect((await api(t, 'POST', '/groups', { name: 'x'.repeat(256) })).status).toBe(400);
    expect((await api(t, 'POST', '/groups', {})).status).toBe(400);
    expect((await api(t, 'POST', '/groups', { name: 7 })).status).toBe(400);
    const bad = await json(await api(t, 'POST', '/groups', { name: '' }));
    expect(bad).toEqual({ type: 'invalid', title: expect.stringContaining('name') });
    expect((await ok(api(t, 'POST', '/groups', { name: 'x'.repeat(255) }), 201)).name).toHaveLength(255);
    const missing = await api(t, 'GET', '/groups/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ type: 'not_found' });
    expect((await api(t, 'PATCH', '/groups/nope', { name: 'a' })).status).toBe(404);
    expect((await api(t, 'DELETE', '/groups/nope')).status).toBe(404);
    expect((await api(t, 'GET', '/groups/nope/sub-groups')).status).toBe(404);
    expect((await api(t, 'POST', '/groups/nope/sub-groups', { name: 'a' })).status).toBe(404);
    expect((await api(t, 'GET', '/groups/nope/members')).status).toBe(404);
  });

  it('Update Group renames (1..255) and keeps the rest', async () => {
    const g = await ok(api(t, 'POST', '/groups', { name: 'before' }), 201);
    const renamed = await ok(api(t, 'PATCH', `/groups/${g.uuid}`, { name: 'after' }));
    expect(renamed).toMatchObject({ uuid: g.uuid, parent_group_uuid: null, name: 'after', created_at: g.created_at });
    expect(renamed.updated_at >= g.updated_at).toBe(true);
    expect((await api(t, 'PATCH', `/groups/${g.uuid}`, { name: '' })).status).toBe(400);
    expect((await ok(api(t, 'PATCH', `/groups/${g.uuid}`, {}))).name).toBe('after');
    expect((await ok(api(t, 'GET', `/groups/${g.uuid}`))).name).toBe('after');
  });

  it('List Groups pages and sorts (name, created_at, updated_at with +/-) with Total-Number and Link', async () => {
    const own = await createTenant('group-list');
    for (const name of ['delta', 'alpha', 'charlie', 'bravo']) await ok(api(own, 'POST', '/groups', { name }), 201);
    const first = await api(own, 'GET', '/groups?per_page=2&sort=name%2B');
    expect(first.status).toBe(200);
    expect(first.headers.get('total-number')).toBe('4');
    expect(first.headers.get('link')).toContain('rel="next"');
    expect(first.headers.get('link')).toContain('rel="last"');
    const body = await json(first);
    expect(body.items.map((g: any) => g.name)).toEqual(['alpha', 'bravo']);
    expect(body.page).toEqual({ total_count: 4, first: true, last: false, next: `/t/${own.appKey}/v1/groups?per_page=2&sort=name%2B&page=2`, previous: '' });
    const second = await json(await api(own, 'GET', '/groups?per_page=2&page=2&sort=name%2B'));
    expect(second.items.map((g: any) => g.name)).toEqual(['charlie', 'delta']);
    expect((await json(await api(own, 'GET', '/groups?sort=name-'))).items.map((g: any) => g.name)).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
    // Creation times may share a millisecond, so the order is checked against the times themselves.
    const up = (await json(await api(own, 'GET', '/groups?sort=created_at'))).items.map((g: any) => g.created_at);
    expect(up).toEqual([...up].sort());
    const down = (await json(await api(own, 'GET', '/groups?sort=created_at-'))).items.map((g: any) => g.created_at);
    expect(down).toEqual([...down].sort().reverse());
    expect((await api(own, 'GET', '/groups?sort=updated_at%2B')).status).toBe(200);
    expect((await api(own, 'GET', '/groups?sort=uuid')).status).toBe(400);
    expect((await api(own, 'GET', '/groups?per_page=201')).status).toBe(400);
    expect((await api(own, 'GET', '/groups?page=0')).status).toBe(400);
  });

  it('Sub-groups: parent_group_uuid names the parent; List Sub-groups shows direct children with paging headers; List Groups shows every level', async () => {
    const own = await createTenant('subgroups');
    const top = await ok(api(own, 'POST', '/groups', { name: 'top' }), 201);
    const a = await ok(api(own, 'POST', `/groups/${top.uuid}/sub-groups`, { name: 'a' }), 201);
    const b = await ok(api(own, 'POST', `/groups/${top.uuid}/sub-groups`, { name: 'b' }), 201);
    const deep = await ok(api(own, 'POST', `/groups/${a.uuid}/sub-groups`, { name: 'deep' }), 201);
    expect(a).toMatchObject({ parent_group_uuid: top.uuid, name: 'a' });
    expect(await ok(api(own, 'GET', `/groups/${deep.uuid}`))).toMatchObject({ parent_group_uuid: a.uuid });
    const subs = await api(own, 'GET', `/groups/${top.uuid}/sub-groups?sort=name-`);
    expect(subs.headers.get('total-number')).toBe('2');
    expect(subs.headers.get('link')).toContain('rel="first"');
    expect((await json(subs)).items.map((g: any) => g.uuid)).toEqual([b.uuid, a.uuid]);
    expect((await json(await api(own, 'GET', `/groups/${deep.uuid}/sub-groups`))).items).toEqual([]);
    expect((await json(await api(own, 'GET', '/groups'))).page.total_count).toBe(4);
    expect((await api(own, 'POST', `/groups/${top.uuid}/sub-groups`, { name: '' })).status).toBe(400);
  });

  it('Delete Group removes its sub-groups recursively, their members, the roles held there (with Role API histories) and the scopes, in one batch', async () => {
    const own = await createTenant('group-delete');
    const adminRole = await defaultRoleId(own, 'admin');
    const memberRole = await defaultRoleId(own, 'member');
    const u = await user(own, 'deleted-member', [memberRole]);
    const top = await ok(api(own, 'POST', '/groups', { name: 'top' }), 201);
    const mid = await ok(api(own, 'POST', `/groups/${top.uuid}/sub-groups`, { name: 'mid' }), 201);
    const leaf = await ok(api(own, 'POST', `/groups/${mid.uuid}/sub-groups`, { name: 'leaf' }), 201);
    const other = await ok(api(own, 'POST', '/groups', { name: 'other' }), 201);
    await ok(api(own, 'POST', `/groups/${mid.uuid}/members`, { user_uuid: u.uuid, role_uuids: [adminRole] }), 201);
    await ok(api(own, 'POST', `/groups/${leaf.uuid}/members`, { user_uuid: u.uuid, role_uuids: [memberRole] }), 201);
    await ok(api(own, 'POST', `/groups/${other.uuid}/members`, { user_uuid: u.uuid, role_uuids: [adminRole] }), 201);
    await ok(api(own, 'DELETE', `/groups/${mid.uuid}`), 204);
    for (const g of [mid, leaf]) {
      expect((await api(own, 'GET', `/groups/${g.uuid}`)).status).toBe(404);
      expectCode(await roleApi(own).get(`/scopes/${g.uuid}`), 13001);
    }
    expect((await ok(api(own, 'GET', `/groups/${top.uuid}`))).uuid).toBe(top.uuid);
    expect((await json(await api(own, 'GET', '/groups'))).items.map((g: any) => g.name).sort()).toEqual(['other', 'top']);
    const relations = expectCode(await roleApi(own).get(`/users/${u.uuid}`), 0).user.roleRelations.map((r: any) => `${r.scopeId}:${r.roleId}`);
    expect(relations.sort()).toEqual([`${other.uuid}:${adminRole}`, `ALL:${memberRole}`].sort());
    const history = expectCode(await roleApi(own).get(`/users/${u.uuid}/histories`, 'sort=seq,ASC&itemsPerPage=100'), 0).userHistory.map((h: any) => `${h.command}:${h.scopeId ?? '-'}:${h.roleId ?? '-'}`);
    expect(history).toEqual(expect.arrayContaining([`REMOVE:${mid.uuid}:${adminRole}`, `REMOVE:${leaf.uuid}:${memberRole}`]));
    expect((await json(await api(own, 'GET', `/groups/${other.uuid}/members`))).items.map((m: any) => m.user_uuid)).toEqual([u.uuid]);
  });

  it('every group write bumps the tenant revision once (decisions depend on memberships)', async () => {
    const own = await createTenant('group-revision');
    const role = roleApi(own);
    const revisionAfterWrite = async () => (await role.post('/operations', { operationId: `op${Math.random().toString(36).slice(2, 8)}` })).revision!;
    const u = await user(own, 'rev-user', []);
    const before = await revisionAfterWrite();
    const g = await ok(api(own, 'POST', '/groups', { name: 'r' }), 201);
    const afterCreate = await revisionAfterWrite();
    expect(afterCreate - before).toBe(2);
    await ok(api(own, 'POST', `/groups/${g.uuid}/members`, { user_uuid: u.uuid, role_uuids: [] }), 201);
    const afterAdd = await revisionAfterWrite();
    expect(afterAdd - afterCreate).toBe(2);
    await ok(api(own, 'PATCH', `/groups/${g.uuid}/members/${u.uuid}`, { role_uuids: [await defaultRoleId(own, 'member')] }));
    const afterPatch = await revisionAfterWrite();
    expect(afterPatch - afterAdd).toBe(2);
    await ok(api(own, 'DELETE', `/groups/${g.uuid}`), 204);
    expect((await revisionAfterWrite()) - afterPatch).toBe(2);
  });

  describe('members', () => {
    let g: any;
    let alice: any;
    let bob: any;
    beforeAll(async () => {
      g = await ok(api(t, 'POST', '/groups', { name: 'team' }), 201);
      alice = await user(t, 'alice', [], 'alice@example.com');
      bob = await user(t, 'bob', [], 'bob@example.com');
    });

    it('Add Group Member by user_uuid: 201 with the member wire; its roles are Role API relations in the group scope', async () => {
      const m = await ok(api(t, 'POST', `/groups/${g.uuid}/members`, { user_uuid: alice.uuid, role_uuids: [member] }), 201);
      expect(m).toEqual({
        user_uuid: alice.uuid,
        name: 'alice',
        emails: [expect.objectContaining({ address: 'alice@example.com', verified: false })],
        inherited_role_uuids: [],
        role_uuids: [member],
        is_owner: false,
        created_at: expect.any(String),
        updated_at: m.created_at,
      });
      expect(await ok(api(t, 'GET', `/groups/${g.uuid}/members/${alice.uuid}`))).toEqual(m);
      const view = expectCode(await roleApi(t).get(`/users/${alice.uuid}`, `scopeIds=${g.uuid}`), 0).user;
      expect(view.roleRelations).toEqual([expect.objectContaining({ roleId: member, scopeId: g.uuid, roleApplyPolicyCode: 'ALLOW' })]);
      const history = expectCode(await roleApi(t).get(`/users/${alice.uuid}/histories`, `scopeId=${g.uuid}`), 0).userHistory;
      expect(history.map((h: any) => `${h.command}:${h.roleId}`)).toEqual([`ADD:${member}`]);
    });

    it('Add Group Member by e-mail address; user_uuid wins over the address', async () => {
      const byEmail = await ok(api(t, 'POST', `/groups/${g.uuid}/members`, { user_email_address: 'bob@example.com', role_uuids: [] }), 201);
      expect(byEmail).toMatchObject({ user_uuid: bob.uuid, name: 'bob', role_uuids: [] });
      const g2 = await ok(api(t, 'POST', '/groups', { name: 'uuid-wins' }), 201);
      const both = await ok(api(t, 'POST', `/groups/${g2.uuid}/members`, { user_uuid: alice.uuid, user_email_address: 'bob@example.com', role_uuids: [] }), 201);
      expect(both.user_uuid).toBe(alice.uuid);
      const wrongEmailRightUuid = await api(t, 'POST', `/groups/${g2.uuid}/members`, { user_uuid: bob.uuid, user_email_address: 'nobody@example.com', role_uuids: [] });
      expect(wrongEmailRightUuid.status).toBe(201);
    });

    it('Add Group Member by user_uuid also takes an edge (a principal): its name, no e-mail addresses; edges are never found by e-mail', async () => {
      const g7 = await ok(api(t, 'POST', '/groups', { name: 'with-edge' }), 201);
      const edge = await ok(api(t, 'POST', '/edges', { name: 'sensor-1' }), 201);
      const m = await ok(api(t, 'POST', `/groups/${g7.uuid}/members`, { user_uuid: edge.uuid, role_uuids: [member] }), 201);
      expect(m).toMatchObject({ user_uuid: edge.uuid, name: 'sensor-1', emails: [], role_uuids: [member], is_owner: false });
      await ok(api(t, 'POST', `/groups/${g7.uuid}/members`, { user_uuid: alice.uuid, role_uuids: [] }), 201);
      expect((await json(await api(t, 'GET', `/groups/${g7.uuid}/members?sort=name-`))).items.map((x: any) => x.name)).toEqual(['sensor-1', 'alice']);
      await ok(api(t, 'DELETE', `/edges/${edge.uuid}`), 204);
      expect((await json(await api(t, 'GET', `/groups/${g7.uuid}/members`))).items.map((x: any) => x.name)).toEqual(['alice']);
    });

    it('Add Group Member: 400 without a user, 404 for an unknown user, address, role or group, 409 when already a member; nothing is written on failure', async () => {
      const g3 = await ok(api(t, 'POST', '/groups', { name: 'errors' }), 201);
      const none = await api(t, 'POST', `/groups/${g3.uuid}/members`, { role_uuids: [] });
      expect(none.status).toBe(400);
      expect((await json(none)).title).toContain('user_uuid or user_email_address');
      expect((await api(t, 'POST', `/groups/${g3.uuid}/members`, { user_uuid: alice.uuid })).status).toBe(400);
      expect((await api(t, 'POST', `/groups/${g3.uuid}/members`, { user_uuid: alice.uuid, role_uuids: ['x'.repeat(37)] })).status).toBe(400);
      expect((await api(t, 'POST', `/groups/${g3.uuid}/members`, { user_uuid: '00000000-0000-0000-0000-000000000000', role_uuids: [] })).status).toBe(404);
      expect((await api(t, 'POST', `/groups/${g3.uuid}/members`, { user_email_address: 'nobody@example.com', role_uuids: [] })).status).toBe(404);
      const badRole = await api(t, 'POST', `/groups/${g3.uuid}/members`, { user_uuid: alice.uuid, role_uuids: [member, 'no-such-role'] });
      expect(badRole.status).toBe(404);
      expect((await json(badRole)).title).toContain('no-such-role');
      expect((await api(t, 'GET', `/groups/${g3.uuid}/members/${alice.uuid}`)).status).toBe(404);
      expect(expectCode(await roleApi(t).get(`/users/${alice.uuid}`, `scopeIds=${g3.uuid}`), 0).user.roleRelations).toEqual([]);
      expect((await api(t, 'POST', '/groups/nope/members', { user_uuid: alice.uuid, role_uuids: [] })).status).toBe(404);
      await ok(api(t, 'POST', `/groups/${g3.uuid}/members`, { user_uuid: alice.uuid, role_uuids: [member] }), 201);
      const again = await api(t, 'POST', `/groups/${g3.uuid}/members`, { user_uuid: alice.uuid, role_uuids: [] });
      expect(again.status).toBe(409);
      expect(await json(again)).toMatchObject({ type: 'conflict' });
      expect((await ok(api(t, 'GET', `/groups/${g3.uuid}/members/${alice.uuid}`))).role_uuids).toEqual([member]);
    });

    it('Update Group Member replaces role_uuids; unknown member 404, unknown role 404, bad body 400', async () => {
      const g4 = await ok(api(t, 'POST', '/groups', { name: 'patch' }), 201);
      await ok(api(t, 'POST', `/groups/${g4.uuid}/members`, { user_uuid: bob.uuid, role_uuids: [member] }), 201);
      const patched = await ok(api(t, 'PATCH', `/groups/${g4.uuid}/members/${bob.uuid}`, { role_uuids: [admin] }));
      expect(patched.role_uuids).toEqual([admin]);
      const scoped = expectCode(await roleApi(t).get(`/users/${bob.uuid}`, `scopeIds=${g4.uuid}`), 0).user.roleRelations.map((r: any) => r.roleId);
      expect(scoped).toEqual([admin]);
      expect((await ok(api(t, 'PATCH', `/groups/${g4.uuid}/members/${bob.uuid}`, { role_uuids: [] }))).role_uuids).toEqual([]);
      expect((await api(t, 'PATCH', `/groups/${g4.uuid}/members/${bob.uuid}`, { role_uuids: ['ghost'] })).status).toBe(404);
      expect((await api(t, 'PATCH', `/groups/${g4.uuid}/members/${bob.uuid}`, {})).status).toBe(400);
      expect((await api(t, 'PATCH', `/groups/${g4.uuid}/members/${alice.uuid}`, { role_uuids: [] })).status).toBe(404);
      expect((await api(t, 'PATCH', `/groups/nope/members/${bob.uuid}`, { role_uuids: [] })).status).toBe(404);
    });

    it('Delete Group Member removes the membership and its roles in the group (with histories); a second delete is 404', async () => {
      const g5 = await ok(api(t, 'POST', '/groups', { name: 'remove' }), 201);
      await ok(api(t, 'POST', `/groups/${g5.uuid}/members`, { user_uuid: bob.uuid, role_uuids: [member, admin] }), 201);
      await ok(api(t, 'DELETE', `/groups/${g5.uuid}/members/${bob.uuid}`), 204);
      expect((await api(t, 'GET', `/groups/${g5.uuid}/members/${bob.uuid}`)).status).toBe(404);
      expect(expectCode(await roleApi(t).get(`/users/${bob.uuid}`, `scopeIds=${g5.uuid}`), 0).user.roleRelations).toEqual([]);
      const history = expectCode(await roleApi(t).get(`/users/${bob.uuid}/histories`, `scopeId=${g5.uuid}&historyType=REMOVE`), 0);
      expect(history.totalItems).toBe(2);
      expect((await api(t, 'DELETE', `/groups/${g5.uuid}/members/${bob.uuid}`)).status).toBe(404);
    });

    it('List Group Members filters is_owner and user_uuid (repeatable), sorts by name, with paging headers', async () => {
      const own = await createTenant('member-list');
      const adminRole = await defaultRoleId(own, 'admin');
      const creator = await user(own, 'zed', [adminRole]);
      const g6 = await ok(api(own, 'POST', '/groups', { name: 'listed' }, await tokenOf(own, creator.uuid)), 201);
      const names = ['carol', 'amy', 'ben'];
      const ids: Record<string, string> = {};
      for (const name of names) {
        ids[name] = (await user(own, name, [])).uuid;
        await ok(api(own, 'POST', `/groups/${g6.uuid}/members`, { user_uuid: ids[name], role_uuids: [] }), 201);
      }
      const all = await api(own, 'GET', `/groups/${g6.uuid}/members?sort=name&per_page=3`);
      expect(all.headers.get('total-number')).toBe('4');
      expect(all.headers.get('link')).toContain('rel="next"');
      expect((await json(all)).items.map((m: any) => m.name)).toEqual(['amy', 'ben', 'carol']);
      expect((await json(await api(own, 'GET', `/groups/${g6.uuid}/members?sort=name&per_page=3&page=2`))).items.map((m: any) => m.name)).toEqual(['zed']);
      expect((await json(await api(own, 'GET', `/groups/${g6.uuid}/members?sort=name-`))).items.map((m: any) => m.name)).toEqual(['zed', 'carol', 'ben', 'amy']);
      const joined = (await json(await api(own, 'GET', `/groups/${g6.uuid}/members?sort=created_at-`))).items.map((m: any) => m.created_at);
      expect(joined).toEqual([...joined].sort().reverse());
      const owners = await json(await api(own, 'GET', `/groups/${g6.uuid}/members?is_owner=true`));
      expect(owners.items.map((m: any) => [m.name, m.is_owner])).toEqual([['zed', true]]);
      expect((await json(await api(own, 'GET', `/groups/${g6.uuid}/members?is_owner=false&sort=name`))).items.map((m: any) => m.name)).toEqual(['amy', 'ben', 'carol']);
      const picked = await json(await api(own, 'GET', `/groups/${g6.uuid}/members?user_uuid=${ids.amy}&user_uuid=${ids.carol}&sort=name`));
      expect(picked.items.map((m: any) => m.name)).toEqual(['amy', 'carol']);
      expect(picked.page.total_count).toBe(2);
      expect((await api(own, 'GET', `/groups/${g6.uuid}/members?is_owner=maybe`)).status).toBe(400);
      expect((await api(own, 'GET', `/groups/${g6.uuid}/members?sort=email`)).status).toBe(400);
    });

    it('inherited_role_uuids are the roles a member holds in the ancestor groups', async () => {
      const top = await ok(api(t, 'POST', '/groups', { name: 'parent' }), 201);
      const sub = await ok(api(t, 'POST', `/groups/${top.uuid}/sub-groups`, { name: 'child' }), 201);
      const subsub = await ok(api(t, 'POST', `/groups/${sub.uuid}/sub-groups`, { name: 'grandchild' }), 201);
      await ok(api(t, 'POST', `/groups/${top.uuid}/members`, { user_uuid: alice.uuid, role_uuids: [admin] }), 201);
      await ok(api(t, 'POST', `/groups/${sub.uuid}/members`, { user_uuid: alice.uuid, role_uuids: [member] }), 201);
      const inSub = await ok(api(t, 'GET', `/groups/${sub.uuid}/members/${alice.uuid}`));
      expect(inSub).toMatchObject({ role_uuids: [member], inherited_role_uuids: [admin] });
      await ok(api(t, 'POST', `/groups/${subsub.uuid}/members`, { user_uuid: alice.uuid, role_uuids: [] }), 201);
      const deep = await ok(api(t, 'GET', `/groups/${subsub.uuid}/members/${alice.uuid}`));
      expect(deep.role_uuids).toEqual([]);
      expect([...deep.inherited_role_uuids].sort()).toEqual([admin, member].sort());
      expect((await ok(api(t, 'GET', `/groups/${top.uuid}/members/${alice.uuid}`))).inherited_role_uuids).toEqual([]);
    });
  });

  describe('owners and access', () => {
    it("a user creating a group becomes its owner holding the tenant's admin role there; the owner's roles cannot be changed nor the owner removed", async () => {
      const own = await createTenant('owners');
      const adminRole = await defaultRoleId(own, 'admin');
      const creator = await user(own, 'creator', [adminRole]);
      const token = await tokenOf(own, creator.uuid);
      const g = await ok(api(own, 'POST', '/groups', { name: 'owned' }, token), 201);
      const owner = await ok(api(own, 'GET', `/groups/${g.uuid}/members/${creator.uuid}`));
      expect(owner).toMatchObject({ user_uuid: creator.uuid, name: 'creator', is_owner: true, role_uuids: [adminRole], inherited_role_uuids: [] });
      const relations = expectCode(await roleApi(own).get(`/users/${creator.uuid}`, `scopeIds=${g.uuid}`), 0).user.roleRelations;
      expect(relations).toEqual([expect.objectContaining({ roleId: adminRole, scopeId: g.uuid })]);
      const patch = await api(own, 'PATCH', `/groups/${g.uuid}/members/${creator.uuid}`, { role_uuids: [] });
      expect(patch.status).toBe(403);
      expect((await json(patch)).title).toContain("owner's role uuids cannot be changed");
      expect((await api(own, 'DELETE', `/groups/${g.uuid}/members/${creator.uuid}`)).status).toBe(403);
      const sub = await ok(api(own, 'POST', `/groups/${g.uuid}/sub-groups`, { name: 'owned-sub' }, token), 201);
      expect((await ok(api(own, 'GET', `/groups/${sub.uuid}/members/${creator.uuid}`))).is_owner).toBe(true);
    });

    it('List My Groups lists the groups the caller is a direct member of, with paging headers; the secret key has no "me" (403)', async () => {
      const own = await createTenant('my-groups');
      const memberRole = await defaultRoleId(own, 'member');
      const u = await user(own, 'mine', [memberRole]);
      const token = await tokenOf(own, u.uuid);
      const names = ['b-group', 'a-group', 'not-mine'];
      const groups: Record<string, any> = {};
      for (const name of names) groups[name] = await ok(api(own, 'POST', '/groups', { name }), 201);
      for (const name of ['b-group', 'a-group']) await ok(api(own, 'POST', `/groups/${groups[name].uuid}/members`, { user_uuid: u.uuid, role_uuids: [] }), 201);
      const res = await api(own, 'GET', '/me/groups?sort=name', undefined, token);
      expect(res.status).toBe(200);
      expect(res.headers.get('total-number')).toBe('2');
      expect(res.headers.get('link')).toContain('rel="last"');
      const body = await json(res);
      expect(body.items.map((g: any) => g.name)).toEqual(['a-group', 'b-group']);
      expect(body.items[0]).toEqual(groups['a-group']);
      expect((await json(await api(own, 'GET', '/me/groups?sort=name-&per_page=1', undefined, token))).items.map((g: any) => g.name)).toEqual(['b-group']);
      const bySecret = await api(own, 'GET', '/me/groups');
      expect(bySecret.status).toBe(403);
      expect(await json(bySecret)).toMatchObject({ type: 'forbidden' });
    });

    it('a user without a permission for the endpoint gets 403; a member holding admin in one group manages that group, not another', async () => {
      const own = await createTenant('group-access');
      const adminRole = await defaultRoleId(own, 'admin');
      const memberRole = await defaultRoleId(own, 'member');
      const plain = await user(own, 'plain', [memberRole]);
      const plainToken = await tokenOf(own, plain.uuid);
      expect((await api(own, 'POST', '/groups', { name: 'nope' }, plainToken)).status).toBe(403);
      expect((await api(own, 'GET', '/groups', undefined, plainToken)).status).toBe(403);
      const mine = await ok(api(own, 'POST', '/groups', { name: 'mine' }), 201);
      const theirs = await ok(api(own, 'POST', '/groups', { name: 'theirs' }), 201);
      const target = await user(own, 'target', []);
      expect((await api(own, 'GET', `/groups/${mine.uuid}/members`, undefined, plainToken)).status).toBe(403);
      await ok(api(own, 'POST', `/groups/${mine.uuid}/members`, { user_uuid: plain.uuid, role_uuids: [adminRole] }), 201);
      // Its admin role in `mine` reaches `mine` and whatever lies below it…
      await ok(api(own, 'POST', `/groups/${mine.uuid}/members`, { user_uuid: target.uuid, role_uuids: [memberRole] }, plainToken), 201);
      expect((await ok(api(own, 'GET', `/groups/${mine.uuid}/members`, undefined, plainToken))).page.total_count).toBe(2);
      await ok(api(own, 'PATCH', `/groups/${mine.uuid}/members/${target.uuid}`, { role_uuids: [] }, plainToken));
      const sub = await ok(api(own, 'POST', `/groups/${mine.uuid}/sub-groups`, { name: 'below' }, plainToken), 201);
      await ok(api(own, 'POST', `/groups/${sub.uuid}/members`, { user_uuid: target.uuid, role_uuids: [] }, plainToken), 201);
      await ok(api(own, 'DELETE', `/groups/${mine.uuid}/members/${target.uuid}`, undefined, plainToken), 204);
      // …but not another group, nor the tenant's other endpoints.
      expect((await api(own, 'GET', `/groups/${theirs.uuid}/members`, undefined, plainToken)).status).toBe(403);
      expect((await api(own, 'POST', `/groups/${theirs.uuid}/members`, { user_uuid: target.uuid, role_uuids: [] }, plainToken)).status).toBe(403);
      expect((await api(own, 'PATCH', `/groups/${theirs.uuid}`, { name: 'x' }, plainToken)).status).toBe(403);
      expect((await api(own, 'GET', '/users', undefined, plainToken)).status).toBe(403);
      expect((await api(own, 'POST', '/groups', { name: 'top-level' }, plainToken)).status).toBe(403);
      // Losing the membership loses the access (the revision moved, so no cached decision survives).
      await ok(api(own, 'DELETE', `/groups/${mine.uuid}/members/${plain.uuid}`), 204);
      expect((await api(own, 'GET', `/groups/${mine.uuid}/members`, undefined, plainToken)).status).toBe(403);
    });

    it('a member whose group role allows /v1/groups/{g}/members manages that group’s members only, and nothing else of the group', async () => {
      const own = await createTenant('member-managers');
      const memberRole = await defaultRoleId(own, 'member');
      const managers = await roleWithEndpoints(own, 'member-managers', {
        allowed: [
          { method: '*', path: '/v1/groups/{group_uuid}/members' },
          { method: '*', path: '/v1/groups/{group_uuid}/members/**' },
        ],
      });
      const manager = await user(own, 'manager', [memberRole]);
      const token = await tokenOf(own, manager.uuid);
      const target = await user(own, 'managed', []);
      const g = await ok(api(own, 'POST', '/groups', { name: 'managed-group' }), 201);
      const other = await ok(api(own, 'POST', '/groups', { name: 'other-group' }), 201);
      await ok(api(own, 'POST', `/groups/${g.uuid}/members`, { user_uuid: manager.uuid, role_uuids: [managers] }), 201);
      await ok(api(own, 'POST', `/groups/${g.uuid}/members`, { user_uuid: target.uuid, role_uuids: [] }, token), 201);
      expect((await ok(api(own, 'GET', `/groups/${g.uuid}/members/${target.uuid}`, undefined, token))).user_uuid).toBe(target.uuid);
      await ok(api(own, 'PATCH', `/groups/${g.uuid}/members/${target.uuid}`, { role_uuids: [memberRole] }, token));
      await ok(api(own, 'DELETE', `/groups/${g.uuid}/members/${target.uuid}`, undefined, token), 204);
      // The permission covers only the members endpoints of the group it is held in.
      expect((await api(own, 'GET', `/groups/${g.uuid}`, undefined, token)).status).toBe(403);
      expect((await api(own, 'DELETE', `/groups/${g.uuid}`, undefined, token)).status).toBe(403);
      expect((await api(own, 'GET', `/groups/${other.uuid}/members`, undefined, token)).status).toBe(403);
      expect((await api(own, 'POST', `/groups/${other.uuid}/members`, { user_uuid: target.uuid, role_uuids: [] }, token)).status).toBe(403);
      const refused = await api(own, 'POST', `/groups/${other.uuid}/members`, { user_uuid: target.uuid, role_uuids: [] }, token);
      expect((await json(refused)).type).toBe('forbidden');
      // Its own /me endpoints still work through the member role in ALL.
      expect((await json(await api(own, 'GET', '/me/groups', undefined, token))).items.map((x: any) => x.uuid)).toEqual([g.uuid]);
    });

    it('one tenant never sees or changes another tenant’s groups or members', async () => {
      const a = await createTenant('groups-a');
      const b = await createTenant('groups-b');
      const ga = await ok(api(a, 'POST', '/groups', { name: 'a-only' }), 201);
      const ua = await user(a, 'a-user', [], 'a@example.com');
      await ok(api(a, 'POST', `/groups/${ga.uuid}/members`, { user_uuid: ua.uuid, role_uuids: [] }), 201);
      expect((await api(b, 'GET', `/groups/${ga.uuid}`)).status).toBe(404);
      expect((await api(b, 'PATCH', `/groups/${ga.uuid}`, { name: 'hijack' })).status).toBe(404);
      expect((await api(b, 'DELETE', `/groups/${ga.uuid}`)).status).toBe(404);
      expect((await api(b, 'GET', `/groups/${ga.uuid}/members`)).status).toBe(404);
      expect((await api(b, 'GET', `/groups/${ga.uuid}/members/${ua.uuid}`)).status).toBe(404);
      expect((await api(b, 'POST', `/groups/${ga.uuid}/sub-groups`, { name: 'x' })).status).toBe(404);
      expect((await json(await api(b, 'GET', '/groups'))).items).toEqual([]);
      const gb = await ok(api(b, 'POST', '/groups', { name: 'b-only' }), 201);
      expect((await api(b, 'POST', `/groups/${gb.uuid}/members`, { user_uuid: ua.uuid, role_uuids: [] })).status).toBe(404);
      expect((await api(b, 'POST', `/groups/${gb.uuid}/members`, { user_email_address: 'a@example.com', role_uuids: [] })).status).toBe(404);
      expect((await api(b, 'POST', `/groups/${gb.uuid}/members`, { user_uuid: ua.uuid, role_uuids: [await defaultRoleId(a, 'admin')] })).status).toBe(404);
      const withAKey = await call(`/t/${b.appKey}/v1/groups`, { headers: { 'x-secret-key': a.secretKey } });
      expect(withAKey.status).toBe(401);
      expect((await ok(api(a, 'GET', `/groups/${ga.uuid}`))).name).toBe('a-only');
    });
  });
});
