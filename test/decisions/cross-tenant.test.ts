import { beforeAll, describe, expect, it } from 'vitest';
import { admin, call, json } from '../helpers/http';
import { appsTenant, appsUser, PNG, type AppsTenant } from '../helpers/apps';
import { defaultRoleId } from '../helpers/identity';
import { expectStatus, identity } from '../helpers/identity-client';
import { expectCode } from '../helpers/role-client';
import { revisionOf, rowsOf } from './d1';

/**
 * Z-1 (ASVS 8.2.2, 8.4.1): every ID-bearing route of the Role API, the Identity API, the Apps API
 * and the control plane — enumerated from `GET /openapi.json`, so a new route is covered or the
 * test fails — called with tenant B's credentials on tenant A's ids answers not found / forbidden
 * in the face's envelope, and no body carries A's data. Two ways in: B's own tenant path with A's
 * ids (the IDOR), and A's tenant path with B's credentials. Writes included: afterwards every D1
 * row of tenant A and its revision are exactly as before.
 */

const hex = crypto.randomUUID().replace(/-/g, '').slice(0, 10);
/** In every name and description of A, so any leak of A's data shows. Never sent by B. */
const MARK = `alpha${hex}`;

interface Seeded {
  /** Path parameter name -> A's id for it (per route where one name means two things). */
  params: Record<string, string>;
  /** Every id of A (a body may echo one only if the request carried it). */
  ids: string[];
  /** A's secrets (an API token): B presenting one must learn nothing. */
  apiToken: string;
}

type Face = 'role' | 'identity' | 'apps' | 'control-plane';

interface Route {
  face: Face;
  method: string;
  template: string;
  params: string[];
  body: 'json' | 'raw' | null;
  security: string[];
}

const faceOf = (template: string): Face | null =>
  template.startsWith('/role/v3.0/')
    ? 'role'
    : template.startsWith('/t/{appKey}/apps/v1/')
      ? 'apps'
      : template.startsWith('/t/{appKey}/v1/')
        ? 'identity'
        : template.startsWith('/v1/management/')
          ? 'control-plane'
          : null;

/** The tenant-naming parameters: filled with the caller's (B's) tenant, or A's for the second way in. */
const TENANT_PARAMS = new Set(['appKey', 'organizationId', 'tenantId']);

async function documentedRoutes(): Promise<Route[]> {
  const doc = await json(await call('/openapi.json'));
  const routes: Route[] = [];
  for (const [template, ops] of Object.entries<any>(doc.paths)) {
    const face = faceOf(template);
    if (!face) continue;
    for (const [method, op] of Object.entries<any>(ops)) {
      const content = Object.keys(op.requestBody?.content ?? {});
      routes.push({
        face,
        method: method.toUpperCase(),
        template,
        params: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((p) => !TENANT_PARAMS.has(p)),
        body: content.includes('application/json') ? 'json' : content.length ? 'raw' : null,
        security: (op.security ?? []).flatMap((s: Record<string, unknown>) => Object.keys(s)),
      });
    }
  }
  return routes;
}

const secretHeaders = (t: { secretKey: string }) => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });
const bearerHeaders = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

/** Seeds tenant A with one of everything an id can name, every name and description carrying MARK. */
async function seedA(a: AppsTenant): Promise<Seeded> {
  const roleApi = a.roles;
  const r = {
    userId: `a${hex}-user`,
    roleId: `A_ROLE_${hex}`,
    scopeId: `A_SCOPE_${hex}`,
    resourceId: `a-res-${hex}`,
    resourcePath: `apath${hex}`,
    operationId: `aop${hex}`,
    attributeId: `a.attr.${hex}`,
  };
  expectCode(await roleApi.post('/roles', { role: { roleId: r.roleId, roleName: `${MARK} role`, description: `${MARK} role`, exposureOrder: 0 }, roleTags: [{ roleTagId: `${MARK}-tag` }] }), 0);
  expectCode(await roleApi.post('/roles', { role: { roleId: `${r.roleId}_SUB`, roleName: `${MARK} sub`, exposureOrder: 0 } }), 0);
  expectCode(await roleApi.post(`/roles/${r.roleId}/relations`, { roleRelations: [{ relatedRoleId: `${r.roleId}_SUB` }] }), 0);
  expectCode(await roleApi.post('/scopes', { scopeId: r.scopeId, description: `${MARK} scope` }), 0);
  expectCode(await roleApi.post('/operations', { operationId: r.operationId, description: `${MARK} op` }), 0);
  expectCode(await roleApi.post('/resources', { resourceId: r.resourceId, uiPath: `/${MARK}`, path: `/${r.resourcePath}/{x}`, name: `${MARK} res`, description: `${MARK} res`, priority: 0 }), 0);
  expectCode(await roleApi.post('/resources', { resourceId: `${r.resourceId}-sub`, uiPath: `/${MARK}/sub`, path: `/${r.resourcePath}/sub`, description: `${MARK} sub`, priority: 0 }), 0);
  expectCode(await roleApi.post(`/resources/${r.resourceId}/authorizations`, { roleId: r.roleId, operationId: r.operationId }), 0);
  expectCode(
    await roleApi.post('/attributes', { attributeId: r.attributeId, attributeName: `${MARK} attr`, description: `${MARK} attr`, attributeDataTypeCode: 'STRING', attributeRoleRelationIds: [r.roleId], attributeTagIds: [`${MARK}-atag`] }),
    0,
  );
  expectCode(
    await roleApi.post('/users', {
      users: [{ userId: r.userId, description: `${MARK} user`, roleRelations: [{ roleId: r.roleId, scopeId: r.scopeId, conditions: [{ attributeId: r.attributeId, attributeOperatorTypeCode: 'ANY_MATCH', attributeValues: [MARK] }] }] }],
    }),
    0,
  );

  // Identity API (X-Secret-Key of A), and what A's own user creates with its token.
  const member = await defaultRoleId(a, 'member');
  const permission = await expectStatus(identity(a, 'POST', '/scopes', { name: `${MARK}-perm`, description: MARK, allowed_endpoints: [{ method: 'GET', path: `/v1/${MARK}` }] }), 201);
  const role = await expectStatus(identity(a, 'POST', '/roles', { name: `${MARK}-irole`, description: MARK, scope_uuids: [permission.uuid] }), 201);
  const user = await appsUser(a, `${MARK}-u`, [member, 'ORG_ADMIN'], `${MARK}@example.com`);
  const apiToken = await expectStatus(identity(a, 'POST', `/users/${user.id}/api-tokens`, { name: `${MARK}-token` }), 201);
  const email = await expectStatus(identity(a, 'POST', `/users/${user.id}/emails`, { address: `${MARK}.second@example.com` }), 201);
  const edge = await expectStatus(identity(a, 'POST', `/users/${user.id}/edges`, { name: `${MARK}-edge`, nickname: MARK, description: MARK }), 201);
  const edgeSecret = await expectStatus(identity(a, 'POST', `/edges/${edge.uuid}/secrets`, { name: `${MARK}-es` }), 201);
  const group = await expectStatus(identity(a, 'POST', '/groups', { name: `${MARK}-group`, description: MARK }), 201);
  await expectStatus(identity(a, 'POST', `/groups/${group.uuid}/members`, { user_uuid: user.id, role_uuids: [role.uuid] }), 201);
  const client = await expectStatus(
    identity(a, 'POST', '/oauth2-clients', { name: `${MARK}-client`, grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post', user_uuid: user.id }),
    201,
  );
  const clientSecret = await expectStatus(identity(a, 'POST', `/me/oauth2-clients/${client.client_id}/secrets`, { name: `${MARK}-cs` }, user.token), 201);

  // Apps API: a contract of a partition only A has, and a profile image.
  const partition = `p${hex}`;
  expect((await admin('PUT', `/tenants/${a.appKey}/contracts/${partition}`, { status: 'active', plan: MARK, attributes: { mark: MARK } })).status).toBeLessThan(300);
  expect((await admin('POST', `/tenants/${a.appKey}/contracts/update`, {})).status).toBe(200);
  const image = await call(`/admin/v1/tenants/${a.appKey}/apps/users/${user.id}/images/profile`, {
    method: 'PUT',
    headers: { authorization: 'Bearer test-admin-token', 'content-type': 'image/png' },
    body: PNG,
  });
  expect(image.status).toBeLessThan(300);

  const params: Record<string, string> = {
    ...r,
    user_uuid: user.id,
    role_uuid: role.uuid,
    scope_uuid: permission.uuid,
    client_id: client.client_id,
    id: apiToken.id,
    email_id: email.id,
    edge_uuid: edge.uuid,
    'secret_id@edges': String(edgeSecret.id),
    'secret_id@oauth2-clients': String(clientSecret.id),
    group_uuid: group.uuid,
    account_id: user.id,
    service_partition: partition,
    'role-id': role.uuid,
    'permission-id': permission.uuid,
  };
  return { params, ids: [...new Set(Object.values(params).filter((v) => v.length >= 8))], apiToken: apiToken.token };
}

/** A's value for a route's path parameter (`secret_id` names an edge's or a client's secret). */
function paramValue(seeded: Seeded, route: Route, name: string): string {
  const key = name === 'secret_id' ? `secret_id@${route.template.includes('/edges/') ? 'edges' : 'oauth2-clients'}` : name;
  const value = seeded.params[key];
  if (value === undefined) throw new Error(`Z-1: no seeded id for {${name}} of ${route.method} ${route.template}: seed one`);
  return value;
}

/** A body that gets past validation to the lookup where the route needs one (A's ids where it names others). */
function bodyFor(route: Route, p: Record<string, string>): unknown {
  const r = route.template.replace(/^.*?\{appKey\}|^\/v1\/management\/organizations\/\{organizationId\}\/tenants\/\{tenantId\}/, '');
  const key = `${route.method} ${r}`;
  const bodies: Record<string, unknown> = {
    'POST /users/{userId}/authorizations/resources': { resources: [{ operationId: p.operationId, resourceId: p.resourceId }, { operationId: p.operationId, resourcePath: `/${p.resourcePath}/1` }] },
    'POST /users/{userId}/authorizations/roles': { roles: [{ roleId: p.roleId }, { roleId: `${p.roleId}_SUB`, scopeId: p.scopeId }] },
    'POST /attributes/{attributeId}/tags': { attributeTagIds: ['t1'] },
    'DELETE /attributes/{attributeId}/tags': { attributeTagIds: [`${MARK}-atag`] },
    'PUT /users/{userId}/scopes/{scopeId}': { roleRelations: [{ roleId: p.roleId }] },
    'PUT /users/{userId}': { user: { description: 'x', roleRelations: [{ roleId: p.roleId, scopeId: p.scopeId }] } },
    'PUT /roles/{roleId}': { role: { roleName: 'x', exposureOrder: 1 } },
    'POST /roles/{roleId}/relations': { roleRelations: [{ relatedRoleId: `${p.roleId}_SUB` }] },
    'PUT /roles/{roleId}/relations': { roleRelations: [] },
    'DELETE /roles/{roleId}/relations': { relatedRoleIds: [`${p.roleId}_SUB`] },
    'PUT /scopes/{scopeId}': { description: 'x' },
    'PUT /resources/{resourceId}': { uiPath: '/x', path: '/x', priority: 0 },
    'POST /resources/{resourceId}/authorizations': { roleId: p.roleId, operationId: p.operationId },
    'PUT /operations/{operationId}': { description: 'x' },
    'PUT /attributes/{attributeId}': { attributeDataTypeCode: 'STRING', description: 'x' },
    'POST /attributes/{attributeId}/roles': { roleIds: [p.roleId] },
    'DELETE /attributes/{attributeId}/roles': { roleIds: [p.roleId] },
    'POST /attributes/{attributeId}/roles/search': {},
    'POST /roles/{roleId}/attributes/search': {},
    // Identity API
    'PATCH /v1/oauth2-clients/{client_id}': { name: 'x' },
    'PATCH /v1/users/{user_uuid}': { nickname: 'x' },
    'POST /v1/users/{user_uuid}/api-tokens': { name: 'x' },
    'PATCH /v1/users/{user_uuid}/api-tokens/{id}': { name: 'x' },
    'PATCH /v1/me/api-tokens/{id}': { name: 'x' },
    'PATCH /v1/me/oauth2-clients/{client_id}': { name: 'x' },
    'POST /v1/me/oauth2-clients/{client_id}/secrets': { name: 'x' },
    'PATCH /v1/roles/{role_uuid}': { name: 'x' },
    'POST /v1/users/{user_uuid}/roles': { role_uuid: p.role_uuid },
    'PATCH /v1/scopes/{scope_uuid}': { name: 'x' },
    'POST /v1/users/{user_uuid}/emails': { address: 'b@example.com' },
    'PATCH /v1/users/{user_uuid}/emails/{email_id}': { address: 'b@example.com' },
    'PATCH /v1/me/emails/{email_id}': { address: 'b@example.com' },
    'PATCH /v1/edges/{edge_uuid}': { nickname: 'x' },
    'PUT /v1/edges/{edge_uuid}/owner': { user_uuid: p.user_uuid },
    'POST /v1/edges/{edge_uuid}/secrets': { name: 'x' },
    'POST /v1/users/{user_uuid}/edges': { name: `b-edge-${hex}` },
    'PATCH /v1/users/{user_uuid}/edges/{edge_uuid}': { nickname: 'x' },
    'PUT /v1/me/edges/{edge_uuid}': { name: `b-edge-put-${hex}` },
    'PATCH /v1/me/edges/{edge_uuid}': { nickname: 'x' },
    'POST /v1/me/edges/{edge_uuid}/secrets': { name: 'x' },
    'PATCH /v1/groups/{group_uuid}': { name: 'x' },
    'POST /v1/groups/{group_uuid}/sub-groups': { name: 'x' },
    'POST /v1/groups/{group_uuid}/members': { user_uuid: p.user_uuid, role_uuids: [p.role_uuid] },
    'PATCH /v1/groups/{group_uuid}/members/{user_uuid}': { role_uuids: [] },
    // Apps API
    'POST /apps/v1/users/{account_id}/service_roles': { service_partition: 'accounting', roles: ['viewer'] },
    'POST /apps/v1/users/{account_id}/service_roles/unassign': { service_partition: 'accounting', roles: ['viewer'] },
    // Control plane
    'PUT /roles/{role-id}': { name: 'x', permissions: [p['permission-id']] },
    'PUT /permissions/{permission-id}': { name: 'x' },
  };
  return bodies[key] ?? {};
}

interface Outcome {
  route: string;
  way: string;
  status: number;
  resultCode?: number;
  text: string;
  sent: string;
}

describe('Z-1: cross-tenant access on every ID-bearing route', () => {
  let a: AppsTenant;
  let b: AppsTenant;
  let bToken: string;
  let seeded: Seeded;
  let routes: Route[];

  beforeAll(async () => {
    a = await appsTenant();
    b = await appsTenant();
    seeded = await seedA(a);
    // B's strongest credentials: its secret key, and a user holding `admin` (permission all) and the Apps org admin role.
    bToken = (await appsUser(b, `bob${hex}`, [await defaultRoleId(b, 'admin'), 'ORG_ADMIN'])).token;
    routes = (await documentedRoutes()).filter((r) => r.params.length > 0);
  });

  /** Calls `route` as B on A's ids; `pathTenant` is the tenant the path names (B's own, or A's). */
  async function attempt(route: Route, pathTenant: AppsTenant, credential: 'secret' | 'bearer'): Promise<Outcome> {
    let path = route.template
      .replace('{appKey}', pathTenant.appKey)
      .replace('{organizationId}', pathTenant.organizationId!)
      .replace('{tenantId}', pathTenant.appKey);
    for (const name of route.params) path = path.replace(`{${name}}`, encodeURIComponent(paramValue(seeded, route, name)));
    if (route.method === 'DELETE' && route.template.endsWith('/resources/{resourceId}/authorizations')) path += `?roleId=${seeded.params.roleId}&operationId=${seeded.params.operationId}`;
    const headers: Record<string, string> = credential === 'secret' ? secretHeaders(b) : bearerHeaders(bToken);
    let body: BodyInit | undefined;
    let sent = path;
    if (route.body === 'json' || (route.method !== 'GET' && route.face === 'role')) {
      const json = JSON.stringify(bodyFor(route, seeded.params));
      body = json;
      sent += json;
    } else if (route.body === 'raw') {
      headers['content-type'] = 'image/png';
      body = PNG;
    }
    const res = await call(path, { method: route.method, headers, body });
    const text = await res.text();
    let resultCode: number | undefined;
    if (route.face === 'role') resultCode = (JSON.parse(text) as { header: { resultCode: number } }).header.resultCode;
    return { route: `${route.method} ${route.template}`, way: `${pathTenant === b ? "B's path" : "A's path"}, B's ${credential}`, status: res.status, resultCode, text, sent };
  }

  const credentialsFor = (route: Route): ('secret' | 'bearer')[] => {
    const out: ('secret' | 'bearer')[] = [];
    if (route.security.includes('SecretKey')) out.push('secret');
    if (route.security.includes('BearerToken')) out.push('bearer');
    return out;
  };

  it('enumerates the ID-bearing routes of every face from /openapi.json', () => {
    const byFace = (f: Face) => routes.filter((r) => r.face === f).length;
    expect(byFace('role')).toBeGreaterThan(30);
    expect(byFace('identity')).toBeGreaterThan(40);
    expect(byFace('apps')).toBeGreaterThanOrEqual(7);
    expect(byFace('control-plane')).toBe(6);
    for (const r of routes) for (const p of r.params) expect(() => paramValue(seeded, r, p)).not.toThrow();
  });

  /**
   * What B may get on its own tenant path with A's ids: a failure in the face's envelope, except
   * where the face's answer for an unknown id is an empty success (reads that name no data of A).
   */
  const EMPTY_SUCCESS: Record<string, string> = {
    'POST /role/v3.0/appkeys/{appKey}/users/{userId}/authorizations/resources': 'K3: an unknown user is denied, never an error',
    'POST /role/v3.0/appkeys/{appKey}/users/{userId}/authorizations/roles': 'K3',
    'GET /role/v3.0/appkeys/{appKey}/users/{userId}/histories': 'Y3: an unknown user has an empty history',
    'GET /t/{appKey}/v1/users/{user_uuid}/oauth2-clients': 'a user without clients: an empty page',
    // Create My Edge with UUID: the caller picks the uuid; B gets an edge of its own (A's edge is untouched, checked below).
    'PUT /t/{appKey}/v1/me/edges/{edge_uuid}': "B's own new edge",
    'PATCH /t/{appKey}/v1/me/edges/{edge_uuid}': "B's own edge, created just before",
    'DELETE /t/{appKey}/v1/me/edges/{edge_uuid}': "B's own edge, created just before",
  };

  function verdict(o: Outcome, face: Face, ownPath: boolean): string | null {
    if (!ownPath) {
      // A's tenant path with B's credentials: the authentication failure of the face.
      if (face === 'role') return o.status === 200 && o.resultCode === 401 ? null : 'expected resultCode 401';
      if (face === 'control-plane') return o.status === 403 || o.status === 404 ? null : 'expected 403 or 404';
      return o.status === 401 ? null : 'expected 401';
    }
    if (EMPTY_SUCCESS[o.route]) {
      if (face === 'role') return o.resultCode === 0 && !o.text.includes('"permission":true') ? null : 'expected an empty success';
      return o.status < 300 ? null : 'expected a success of B alone';
    }
    if (face === 'role') return o.status === 200 && o.resultCode !== 0 && o.resultCode !== 500 ? null : 'expected a not-found (or validation) resultCode';
    return [400, 403, 404].includes(o.status) ? null : 'expected 400, 403 or 404';
  }

  function leaks(o: Outcome): string[] {
    const out: string[] = [];
    if (o.text.includes(MARK)) out.push(`the body carries A's data: ${o.text.slice(0, 300)}`);
    for (const id of seeded.ids) if (o.text.includes(id) && !o.sent.includes(id)) out.push(`the body names A's id ${id}, which the request did not`);
    return out;
  }

  it("Z-1: tenant B on tenant A's ids is not found / forbidden in every face's envelope, no body carries A's data, and A is untouched", async () => {
    const before = await rowsOf(a.appKey);
    // The snapshot holds A's rows of every kind the routes can name.
    for (const table of ['users', 'user_role_relations', 'roles', 'role_relations', 'scopes', 'resources', 'resource_authorizations', 'operations', 'attributes', 'identity_accounts', 'api_tokens', 'user_emails', 'edges', 'groups', 'group_members', 'oauth_clients', 'oauth_client_secrets', 'permissions', 'contracts', 'images']) {
      expect(before[table]?.length ?? 0, table).toBeGreaterThan(0);
    }
    const revisionBefore = await revisionOf(a.appKey);
    const problems: string[] = [];
    let calls = 0;
    for (const route of routes) {
      for (const credential of credentialsFor(route)) {
        for (const pathTenant of [b, a]) {
          const o = await attempt(route, pathTenant, credential);
          calls += 1;
          const at = `${o.route} (${o.way}) -> ${o.status}${o.resultCode !== undefined ? ` resultCode ${o.resultCode}` : ''}`;
          const wrong = verdict(o, route.face, pathTenant === b);
          if (wrong) problems.push(`${at}: ${wrong}: ${o.text.slice(0, 200)}`);
          for (const leak of leaks(o)) problems.push(`${at}: ${leak}`);
        }
      }
    }
    console.log(`Z-1: ${calls} cross-tenant calls on ${routes.length} ID-bearing routes`);
    expect(problems).toEqual([]);
    expect(await revisionOf(a.appKey)).toBe(revisionBefore);
    expect(await rowsOf(a.appKey)).toEqual(before);
  });

  it("Z-1: A's ids inside B's request bodies (references, bulk writes, searches, introspection) are unknown in B; A is untouched", async () => {
    const p = seeded.params;
    const before = await rowsOf(a.appKey);
    const revisionBefore = await revisionOf(a.appKey);
    const role = (method: string, path: string, body: unknown) => call(`/role/v3.0/appkeys/${b.appKey}${path}`, { method, headers: secretHeaders(b), body: JSON.stringify(body) });
    const ident = (method: string, path: string, body: unknown, bearer = false) =>
      call(`/t/${b.appKey}/v1${path}`, { method, headers: bearer ? bearerHeaders(bToken) : secretHeaders(b), body: JSON.stringify(body) });
    const bGroup = await expectStatus(identity(b, 'POST', '/groups', { name: `b-group-${hex}` }), 201);
    const refused = (res: Response) => res.status >= 400 && res.status < 500;
    const roleRefused = async (res: Response) => (await json(res.clone())).header.resultCode !== 0;
    const cases: [string, Promise<Response>, (r: Response) => Promise<boolean> | boolean][] = [
      ['Role API DELETE /users {A user}', role('DELETE', '/users', { userIds: [p.userId] }), roleRefused],
      ['Role API DELETE /roles {A role}', role('DELETE', '/roles', { roleIds: [p.roleId] }), roleRefused],
      ['Role API DELETE /scopes {A scope}', role('DELETE', '/scopes', { scopeIds: [p.scopeId] }), roleRefused],
      ['Role API DELETE /resources {A resource}', role('DELETE', '/resources', { resourceIds: [p.resourceId] }), roleRefused],
      ['Role API DELETE /operations {A operation}', role('DELETE', '/operations', { operationIds: [p.operationId] }), roleRefused],
      ['Role API DELETE /attributes {A attribute}', role('DELETE', '/attributes', { attributeIds: [p.attributeId] }), roleRefused],
      ['Role API POST /users with a relation to A role', role('POST', '/users', { users: [{ userId: `b-${hex}`, roleRelations: [{ roleId: p.roleId, scopeId: 'ALL' }] }] }), roleRefused],
      ['Role API POST /roles relating A role', role('POST', '/roles', { role: { roleId: `B_${hex}`, exposureOrder: 0 }, roleRelations: [{ relatedRoleId: p.roleId }] }), roleRefused],
      ['Role API POST /users/id', role('POST', '/users/id', { userIds: [p.userId] }), async (r) => (await json(r.clone())).totalItems === 0],
      ['Role API POST /resources/id', role('POST', '/resources/id', { resourceIds: [p.resourceId] }), async (r) => (await json(r.clone())).totalItems === 0],
      ['Role API POST /roles/search {roleIds}', role('POST', '/roles/search', { roleIds: [p.roleId] }), async (r) => (await json(r.clone())).roles?.length === 0],
      ['Role API POST /attributes/id', role('POST', '/attributes/id', { attributeIds: [p.attributeId] }), async (r) => (await json(r.clone())).totalItems === 0],
      ['Identity POST /users with A role', ident('POST', '/users', { name: `b-user-${hex}`, role_uuids: [p.role_uuid] }), refused],
      ['Identity POST /roles with A permission', ident('POST', '/roles', { name: `b-role-${hex}`, scope_uuids: [p.scope_uuid] }), refused],
      ['Identity POST /oauth2-clients owned by A user', ident('POST', '/oauth2-clients', { name: 'b', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post', user_uuid: p.user_uuid }), refused],
      ["Identity POST B group's members with A user", ident('POST', `/groups/${bGroup.uuid}/members`, { user_uuid: p.user_uuid, role_uuids: [] }), refused],
      ["Identity POST B group's members with A role", ident('POST', `/groups/${bGroup.uuid}/members`, { user_uuid: p.user_uuid, role_uuids: [p.role_uuid] }), refused],
      ['Identity POST /apps/allowed-clients with A client', ident('POST', '/apps/allowed-clients', { client_id: p.client_id }), refused],
      ["Identity POST /api-tokens/introspect with A's API token", ident('POST', '/api-tokens/introspect', { token: seeded.apiToken }), async (r) => JSON.stringify(await json(r.clone())) === '{"active":false}'],
      ["Identity API called with A's API token on B's path", call(`/t/${b.appKey}/v1/me`, { headers: bearerHeaders(seeded.apiToken) }), (r) => r.status === 401],
      ["Role API check of A's user in B", role('POST', `/users/${p.userId}/authorizations/resources`, { resources: [{ operationId: p.operationId, resourcePath: `/${p.resourcePath}/1` }] }), async (r) => (await json(r.clone())).authorizations?.[0]?.permission === false],
      ['Identity POST /authorization/http about A user and group', ident('POST', '/authorization/http', { subject: p.user_uuid, scopes: [], method: 'GET', path: `/v1/groups/${p.group_uuid}/members` }), async (r) => (await json(r.clone())).result === false],
      ["Apps GET /users/query?email= A's address", call(`/t/${b.appKey}/apps/v1/users/query?email=${MARK}`, { headers: bearerHeaders(bToken) }), async (r) => r.status === 200 && JSON.stringify(await json(r.clone())) === '[]'],
      ['Control plane POST /roles with A permission', call(`/v1/management/organizations/${b.organizationId}/tenants/${b.appKey}/roles`, { method: 'POST', headers: bearerHeaders(bToken), body: JSON.stringify({ name: `b-cp-${hex}`, permissions: [p['permission-id']] }) }), refused],
    ];
    const problems: string[] = [];
    for (const [name, pending, ok] of cases) {
      const res = await pending;
      const text = await res.clone().text();
      if (!(await ok(res))) problems.push(`${name}: ${res.status} ${text.slice(0, 200)}`);
      if (text.includes(MARK)) problems.push(`${name}: the body carries A's data: ${text.slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
    expect(await revisionOf(a.appKey)).toBe(revisionBefore);
    expect(await rowsOf(a.appKey)).toEqual(before);
  });
});
