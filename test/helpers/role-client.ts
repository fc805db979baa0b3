import { call, createTenant, json } from './http';

export interface RoleResponse<T = Record<string, any>> {
  status: number;
  revision: number | null;
  body: { header: { isSuccessful: boolean; resultCode: number; resultMessage: string } } & T;
}

/** A small client for one tenant's Role API v3. */
export class RoleClient {
  constructor(
    readonly appKey: string,
    readonly secretKey: string,
  ) {}

  static async forNewTenant(): Promise<RoleClient> {
    const t = await createTenant('role');
    return new RoleClient(t.appKey, t.secretKey);
  }

  async request<T = Record<string, any>>(
    method: string,
    path: string,
    opts: { body?: unknown; query?: string; secretKey?: string | null; headers?: Record<string, string> } = {},
  ): Promise<RoleResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
    const secret = opts.secretKey === undefined ? this.secretKey : opts.secretKey;
    if (secret !== null) headers['x-secret-key'] = secret;
    const res = await call(`/role/v3.0/appkeys/${encodeURIComponent(this.appKey)}${path}${opts.query ? `?${opts.query}` : ''}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    });
    const revision = res.headers.get('x-revision');
    return { status: res.status, revision: revision === null ? null : Number(revision), body: await json(res) };
  }

  /**
   * Deletes the roles every tenant starts with (`admin`, `member`: the Identity API's access model),
   * for tests that count every role of a tenant used only through the Role API.
   */
  async dropDefaultRoles(): Promise<void> {
    const found = expectCode(await this.post('/roles/search', {}, 'itemsPerPage=1000'), 0) as unknown as { roles: { roleId: string; roleName: string }[] };
    const defaults = found.roles.filter((r) => r.roleName === 'admin' || r.roleName === 'member').map((r) => r.roleId);
    if (defaults.length !== 2) throw new Error(`expected the two default roles, found ${JSON.stringify(found.roles)}`);
    expectCode(await this.delete('/roles', { roleIds: defaults }), 0);
  }

  get = <T = Record<string, any>>(path: string, query?: string) => this.request<T>('GET', path, { query });
  post = <T = Record<string, any>>(path: string, body?: unknown, query?: string) => this.request<T>('POST', path, { body, query });
  put = <T = Record<string, any>>(path: string, body?: unknown, query?: string) => this.request<T>('PUT', path, { body, query });
  delete = <T = Record<string, any>>(path: string, body?: unknown, query?: string) => this.request<T>('DELETE', path, { body, query });
}

/** Asserts the envelope's resultCode and returns the body. */
export function expectCode<T>(res: RoleResponse<T>, code: number): RoleResponse<T>['body'] {
  if (res.status !== 200 || res.body.header.resultCode !== code) {
    throw new Error(`expected HTTP 200 resultCode ${code}, got HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}
