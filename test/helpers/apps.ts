import { admin, call, json } from './http';
import { expectCode, RoleClient } from './role-client';

let counter = 0;

export interface AppsTenant {
  appKey: string;
  secretKey: string;
  organizationId: string | null;
  clientId: string;
  roles: RoleClient;
}

const secret = (t: { secretKey: string }) => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });

/**
 * A tenant of a fresh organization with a public password-grant client on the Apps API allow-list
 * and the roles the tests use: `org_admin`; in service partition `accounting` its `product_owner`,
 * `editor` and `viewer`; in `payroll` an `editor`.
 */
export async function appsTenant(opts: { organization?: boolean; allow?: boolean } = {}): Promise<AppsTenant> {
  counter += 1;
  let organizationId: string | null = null;
  if (opts.organization !== false) {
    const org = await json(await admin('POST', '/organizations', { name: `Acme ${counter}` }));
    organizationId = org.id;
  }
  const created = await admin('POST', '/tenants', { name: `apps-${counter}`, organizationId });
  if (created.status !== 201) throw new Error(`tenant: ${created.status} ${await created.text()}`);
  const t = await json(created);
  const roles = new RoleClient(t.appKey, t.secretKey);
  const role = (roleId: string, roleName: string, roleGroup?: string) => ({ role: { roleId, roleName, ...(roleGroup ? { roleGroup } : {}), exposureOrder: 0 } });
  for (const r of [
    role('ORG_ADMIN', 'org_admin'),
    role('PO_ACC', 'product_owner', 'accounting'),
    role('EDITOR_ACC', 'editor', 'accounting'),
    role('VIEWER_ACC', 'viewer', 'accounting'),
    role('EDITOR_PAY', 'editor', 'payroll'),
  ]) {
    expectCode(await roles.post('/roles', r), 0);
  }
  const client = await json(
    await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: secret(t), body: JSON.stringify({ name: 'app', grant_type: 'password', token_endpoint_auth_method: 'none' }) }),
  );
  if (opts.allow !== false) {
    const allowed = await admin('PUT', `/tenants/${t.appKey}/apps/allowed-clients/${client.client_id}`);
    if (allowed.status !== 201) throw new Error(`allow: ${allowed.status} ${await allowed.text()}`);
  }
  return { appKey: t.appKey, secretKey: t.secretKey, organizationId, clientId: client.client_id, roles };
}

/** Creates a user holding `roleIds` (scope ALL) and signs it in with the tenant's client: its access token. */
export async function appsUser(t: AppsTenant, name: string, roleIds: string[] = [], email?: string): Promise<{ id: string; token: string }> {
  const res = await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: secret(t), body: JSON.stringify({ name, role_uuids: roleIds, ...(email ? { email } : {}) }) });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${await res.text()}`);
  const user = await json(res);
  return { id: user.uuid, token: await passwordToken(t, t.clientId, name, user.password.temporary_password) };
}

export async function passwordToken(t: { appKey: string }, clientId: string, username: string, password: string): Promise<string> {
  const res = await call(`/t/${t.appKey}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password }).toString(),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return (await json(res)).access_token;
}

/** A call to the tenant's Apps API with a Bearer token. */
export function apps(t: { appKey: string }, token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof Uint8Array) payload = body;
  else if (body !== undefined) {
    h['content-type'] ??= 'application/json';
    payload = JSON.stringify(body);
  }
  return call(`/t/${t.appKey}/apps/v1${path}`, { method, headers: h, body: payload });
}

/** Smallest valid files of each accepted type (signature plus a little). */
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
export const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
export const GIF = new Uint8Array([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([1, 0, 1, 0, 0, 0, 0]));
export const WEBP = new Uint8Array([...'RIFF'].map((c) => c.charCodeAt(0)).concat([26, 0, 0, 0], [...'WEBPVP8 '].map((c) => c.charCodeAt(0)), [0, 0, 0, 0]));

/** A client_credentials client of the tenant, put on its Apps API allow-list by the operator, and its own access token. */
export async function allowedMachineToken(t: { appKey: string; secretKey: string }): Promise<{ clientId: string; token: string }> {
  const m = await json(
    await call(`/t/${t.appKey}/v1/oauth2-clients`, {
      method: 'POST',
      headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'backend', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }),
    }),
  );
  await admin('PUT', `/tenants/${t.appKey}/apps/allowed-clients/${m.client_id}`);
  const tok = await json(
    await call(`/t/${t.appKey}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: m.client_id, client_secret: m.client_secret }).toString(),
    }),
  );
  return { clientId: m.client_id, token: tok.access_token };
}
