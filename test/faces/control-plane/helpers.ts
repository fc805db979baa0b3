import { admin, ADMIN_TOKEN, call, json } from '../../helpers/http';
import { defaultRoleId } from '../../helpers/identity';

export type Tenant = { appKey: string; secretKey: string; organizationId: string | null };

let counter = 0;

export async function createOrganization(name = 'org'): Promise<string> {
  counter += 1;
  const res = await admin('POST', '/organizations', { name: `${name}-${counter}` });
  if (res.status !== 201) throw new Error(`organization: ${res.status} ${await res.text()}`);
  return (await json(res)).id;
}

export async function createOrgTenant(organizationId: string | null, name = 'cp'): Promise<Tenant> {
  counter += 1;
  const res = await admin('POST', '/tenants', { name: `${name}-${counter}`, organizationId });
  if (res.status !== 201) throw new Error(`tenant: ${res.status} ${await res.text()}`);
  return json(res);
}

export const base = (org: string, tenant: string) => `/v1/management/organizations/${org}/tenants/${tenant}`;
export const operator = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
export const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

/** A control-plane request under `/v1/management/organizations/{org}/tenants/{tenant}`. */
export function cp(org: string, tenant: string, method: string, path: string, body?: unknown, headers: Record<string, string> = operator) {
  return call(`${base(org, tenant)}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** An access token (password grant) of a new user of `t` holding the default role `role`. */
export async function userAccessToken(t: Tenant, role: 'admin' | 'member', name: string): Promise<string> {
  const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
  const client = await json(
    await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: h, body: JSON.stringify({ name: `pw-${name}`, grant_type: 'password', token_endpoint_auth_method: 'none' }) }),
  );
  const user = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: h, body: JSON.stringify({ name, role_uuids: [await defaultRoleId(t, role)] }) }));
  const res = await call(`/t/${t.appKey}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: client.client_id, username: name, password: user.password.temporary_password }).toString(),
  });
  const tokens = await json(res);
  if (!tokens.access_token) throw new Error(`token: ${res.status} ${JSON.stringify(tokens)}`);
  return tokens.access_token;
}

/** An access token (client_credentials) of a machine client of `t` registered with `scopes`. */
export async function machineAccessToken(t: Tenant, scopes: string[]): Promise<string> {
  const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
  const client = await json(
    await call(`/t/${t.appKey}/v1/oauth2-clients`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ name: 'machine', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post', scopes }),
    }),
  );
  const res = await call(`/t/${t.appKey}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, scope: scopes.join(' ') }).toString(),
  });
  const tokens = await json(res);
  if (!tokens.access_token) throw new Error(`token: ${res.status} ${JSON.stringify(tokens)}`);
  return tokens.access_token;
}
