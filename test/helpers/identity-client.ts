import { call, json } from './http';

export type Tenant = { appKey: string; secretKey: string };

/** A call to tenant `t`'s Identity API (`/t/{appKey}/v1…`) as `as` (a Bearer token), or with the tenant's secret key. */
export function identity(t: Tenant, method: string, path: string, body?: unknown, as?: string, headers: Record<string, string> = {}): Promise<Response> {
  const auth: Record<string, string> = as ? { authorization: `Bearer ${as}` } : { 'x-secret-key': t.secretKey };
  return call(`/t/${t.appKey}/v1${path}`, {
    method,
    headers: { ...auth, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The JSON body of a response that must have `status` (throws with the body otherwise). */
export async function expectStatus<T = any>(res: Promise<Response> | Response, status: number): Promise<T> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status} ${await r.text()}`);
  return status === 204 ? (undefined as T) : json<T>(r);
}

/** Creates a user holding `roleUuids` in scope ALL. */
export function createUser(t: Tenant, name: string, roleUuids: string[], email?: string) {
  return expectStatus(identity(t, 'POST', '/users', { name, role_uuids: roleUuids, ...(email ? { email } : {}) }), 201);
}

/** An API token of the user (a Bearer credential for the Identity API). */
export async function apiTokenOf(t: Tenant, userId: string): Promise<string> {
  return (await expectStatus(identity(t, 'POST', `/users/${userId}/api-tokens`, { name: 'test' }), 201)).token;
}

/** A role holding one new permission (intdash scope) with these endpoint rules; returns the role's uuid. */
export async function roleWithEndpoints(
  t: Tenant,
  name: string,
  rules: { allowed?: { method: string; path: string }[]; denied?: { method: string; path: string }[] },
): Promise<string> {
  const scope = await expectStatus(identity(t, 'POST', '/scopes', { name, allowed_endpoints: rules.allowed ?? [], denied_endpoints: rules.denied ?? [] }), 201);
  return (await expectStatus(identity(t, 'POST', '/roles', { name, scope_uuids: [scope.uuid] }), 201)).uuid;
}
