import { exports } from 'cloudflare:workers';

export const ADMIN_TOKEN = 'test-admin-token';
const ORIGIN = 'https://edge-iam.test';

/** A request to the Worker under test, through its real fetch handler. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return (exports as unknown as { default: Fetcher }).default.fetch(new Request(`${ORIGIN}${path}`, init));
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return call(`/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

let counter = 0;
/** Creates a fresh tenant through the operator API. */
export async function createTenant(name = 'test'): Promise<{ appKey: string; secretKey: string }> {
  counter += 1;
  const res = await admin('POST', '/tenants', { name: `${name}-${counter}` });
  if (res.status !== 201) throw new Error(`createTenant failed: ${res.status} ${await res.text()}`);
  return json(res);
}
