import type { Context } from 'hono';
import { verifyAccessToken } from '../../domain/tokens/access-token';
import type { AppEnv } from '../../env';
import { issuerOf } from './request';

/** OIDC UserInfo: the subject of a valid access token of this tenant (401 `invalid_token` otherwise). */
export async function userinfo(c: Context<AppEnv>) {
  const appKey = c.req.param('appKey')!;
  const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const deny = () => {
    c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
    c.header('Cache-Control', 'no-store');
    return c.json({ error: 'invalid_token', error_description: 'a valid access token is required' }, 401);
  };
  if (!bearer) return deny();
  try {
    // V-7: a revocation made on any isolate counts at once here.
    const claims = await verifyAccessToken(c.var.deps, appKey, bearer, issuerOf(c, appKey), undefined, 'fresh');
    const account = await c.var.deps.repos.accounts.find(appKey, claims.sub);
    c.header('Cache-Control', 'no-store');
    return c.json({ sub: claims.sub, ...(account ? { name: account.nickname || account.name, preferred_username: account.name } : {}) });
  } catch {
    return deny();
  }
}
