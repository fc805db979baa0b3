import { call, json } from './http';

/**
 * The id of a role every tenant starts with (`admin`: permission `all`; `member`: the caller's own
 * `/v1/me…` endpoints), found through the Role API the way an integrator would.
 */
export async function defaultRoleId(t: { appKey: string; secretKey: string }, name: 'admin' | 'member'): Promise<string> {
  const res = await call(`/role/v3.0/appkeys/${t.appKey}/roles/search?itemsPerPage=1000`, {
    method: 'POST',
    headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
    body: JSON.stringify({ roleNameLike: name }),
  });
  const found = (await json<{ roles: { roleId: string; roleName: string }[] }>(res)).roles.filter((r) => r.roleName === name);
  if (found.length !== 1) throw new Error(`expected one default role ${name}, found ${JSON.stringify(found)}`);
  return found[0]!.roleId;
}
