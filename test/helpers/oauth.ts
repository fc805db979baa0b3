import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { EdgeIamRpc } from '../../src/faces/rpc';
import type { Deps } from '../../src/domain/ports';
import { buildDeps } from '../../src/storage/deps';
import { call, createTenant, json } from './http';

export const ORIGIN = 'https://edge-iam.test';
export const REDIRECT = 'https://app.example/callback';

export type Tenant = { appKey: string; secretKey: string };
export type Client = { client_id: string; client_secret?: string };

/** The RPC entrypoint, as another Worker reaches it. */
export const rpc = () => new EdgeIamRpc({ waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext, env);

/** The real dependencies with the clock pinned at `at`: what is issued through them carries that time. */
export const depsAt = (at: Date): Deps => ({ ...buildDeps(env), clock: { now: () => at } });

export const basic = (c: Client) => ({ authorization: `Basic ${btoa(`${encodeURIComponent(c.client_id)}:${encodeURIComponent(c.client_secret ?? '')}`)}` });

/** A tenant of the token service, with helpers for its endpoints. */
export async function tokenService(name: string) {
  const t = await createTenant(name);
  const issuer = `${ORIGIN}/t/${t.appKey}`;
  const admin = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
  /** POST a form to `/oauth2/{path}`; `auth` puts a confidential client in Basic, a public one's id in the body. */
  const post = (path: string, body: Record<string, string>, auth?: Client, headers: Record<string, string> = {}) =>
    call(`/t/${t.appKey}/oauth2/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(auth?.client_secret ? basic(auth) : {}), ...headers },
      body: new URLSearchParams({ ...(auth && !auth.client_secret ? { client_id: auth.client_id } : {}), ...body }).toString(),
      redirect: 'manual',
    });
  const client = async (body: Record<string, unknown>): Promise<Client & Record<string, any>> => {
    const res = await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'c', ...body }) });
    expect(res.status, await res.clone().text()).toBe(201);
    return json(res);
  };
  const user = async (name: string, roleUuids: string[] = []): Promise<{ uuid: string; password: string }> => {
    const res = await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: admin, body: JSON.stringify({ name, nickname: name, role_uuids: roleUuids }) });
    expect(res.status).toBe(201);
    const body = await json(res);
    return { uuid: body.uuid, password: body.password.temporary_password };
  };
  const introspect = async (token: string, by: Client, extra: Record<string, string> = {}) => json(await post('introspect', { token, ...extra }, by));
  const userinfo = (token: string) => call(`/t/${t.appKey}/oauth2/userinfo`, { headers: { authorization: `Bearer ${token}` } });

  /** GET the authorization endpoint, then POST the sign-in form back with its cookie, as a browser does. */
  async function signIn(params: Record<string, string>, credentials: { username: string; password: string }) {
    const query = new URLSearchParams({ response_type: 'code', redirect_uri: REDIRECT, state: 'st', ...params });
    const page = await call(`/t/${t.appKey}/oauth2/authorize?${query}`, { redirect: 'manual' });
    expect(page.status, await page.clone().text()).toBe(200);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const fields = new URLSearchParams();
    for (const m of (await page.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
    fields.set('username', credentials.username);
    fields.set('password', credentials.password);
    return call(`/t/${t.appKey}/oauth2/authorize`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: fields.toString(), redirect: 'manual' });
  }
  /** A code for `params` (client_id, PKCE, …) after signing in. */
  async function code(params: Record<string, string>, credentials: { username: string; password: string }) {
    const res = await signIn(params, credentials);
    expect(res.status).toBe(303);
    return new URL(res.headers.get('location')!).searchParams.get('code')!;
  }
  /** Password-grant tokens for a user. */
  async function passwordTokens(by: Client, username: string, password: string, extra: Record<string, string> = {}) {
    const res = await post('token', { grant_type: 'password', username, password, ...extra }, by);
    expect(res.status, await res.clone().text()).toBe(200);
    return json(res);
  }
  return { ...t, t, issuer, admin, post, client, user, introspect, userinfo, signIn, code, passwordTokens };
}
