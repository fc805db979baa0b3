import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, json } from '../helpers/http';

const REDIRECT = 'https://app.example/callback';
const N = 12;

/**
 * R-3 and C-2 with more contenders than test/faces/oauth (6 and 5), and what the database holds
 * afterwards: every loser is a clean `invalid_grant` (never a 5xx), and exactly one successor
 * exists.
 */
describe('races: one refresh token or one code, many concurrent redemptions', () => {
  let t: { appKey: string; secretKey: string };
  let client: { client_id: string; client_secret: string };
  let password: string;
  const secret = () => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });
  const token = (body: Record<string, string>) =>
    call(`/t/${t.appKey}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`${client.client_id}:${client.client_secret}`)}` },
      body: new URLSearchParams(body).toString(),
    });
  const familyRows = async () =>
    (await env.DB.prepare('SELECT family_id AS family, count(*) AS n FROM refresh_tokens WHERE tenant_id = ? GROUP BY family_id').bind(t.appKey).all<{ family: string; n: number }>()).results;

  beforeAll(async () => {
    t = await createTenant('one-winner');
    client = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, {
        method: 'POST',
        headers: secret(),
        body: JSON.stringify({ name: 'racer', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT] }),
      }),
    );
    const user = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: secret(), body: JSON.stringify({ name: 'racer', role_uuids: [] }) }));
    password = user.password.temporary_password;
  });

  /** Signs in through the authorization endpoint's page like a browser and returns the code. */
  async function code(): Promise<string> {
    const url = `/t/${t.appKey}/oauth2/authorize?${new URLSearchParams({ client_id: client.client_id, response_type: 'code', redirect_uri: REDIRECT, state: 's', scope: 'openid' })}`;
    const page = await call(url);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const fields = new URLSearchParams();
    for (const m of (await page.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
    fields.set('username', 'racer');
    fields.set('password', password);
    const redirect = await call(url.split('?')[0]!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: fields.toString(), redirect: 'manual' });
    expect(redirect.status).toBe(303);
    return new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  }

  const outcome = async (responses: Response[]) => {
    const bodies = await Promise.all(responses.map((r) => json(r)));
    return {
      winners: bodies.filter((_, i) => responses[i]!.status === 200),
      losers: responses.map((r, i) => ({ status: r.status, error: bodies[i].error })).filter((r) => r.status !== 200),
    };
  };

  it(`C-2: ${N} concurrent exchanges of one code: one 200, ${N - 1} invalid_grant, one token family issued`, async () => {
    const before = (await familyRows()).length;
    const c = await code();
    const { winners, losers } = await outcome(await Promise.all(Array.from({ length: N }, () => token({ grant_type: 'authorization_code', code: c, redirect_uri: REDIRECT }))));
    expect(winners).toHaveLength(1);
    expect(winners[0].refresh_token).toBeTruthy();
    expect(losers).toEqual(Array.from({ length: N - 1 }, () => ({ status: 400, error: 'invalid_grant' })));
    expect((await familyRows()).length).toBe(before + 1);
    const used = await env.DB.prepare('SELECT used_at AS usedAt FROM authorization_codes WHERE tenant_id = ?').bind(t.appKey).all<{ usedAt: string | null }>();
    expect(used.results.every((r) => r.usedAt !== null)).toBe(true);
  });

  it(`R-3: ${N} concurrent refreshes of one token: one 200, ${N - 1} invalid_grant, exactly one successor`, async () => {
    const first = await json(await token({ grant_type: 'authorization_code', code: await code(), redirect_uri: REDIRECT }));
    expect(first.refresh_token).toBeTruthy();
    const families = await familyRows();
    const { winners, losers } = await outcome(await Promise.all(Array.from({ length: N }, () => token({ grant_type: 'refresh_token', refresh_token: first.refresh_token }))));
    expect(winners).toHaveLength(1);
    expect(winners[0].refresh_token).not.toBe(first.refresh_token);
    expect(losers).toEqual(Array.from({ length: N - 1 }, () => ({ status: 400, error: 'invalid_grant' })));
    // The family of the first token grew by exactly one row: one successor, never two.
    const grown = (await familyRows()).filter((f) => !families.some((g) => g.family === f.family && g.n === f.n));
    expect(grown).toHaveLength(1);
    expect(grown[0]!.n).toBe((families.find((f) => f.family === grown[0]!.family)?.n ?? 1) + 1);
  });
});
