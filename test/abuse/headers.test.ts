import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FORM_BYTES } from '../../src/faces/oauth';
import { admin, call, createTenant, json } from '../helpers/http';

const REDIRECT = 'https://app.example/callback';

/** Checklist §12 / A-9: what every HTML page must send. */
function expectPageHeaders(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'none'");
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
  return csp;
}

describe('security headers of HTML pages and JSON answers (A-8, A-9, checklist §12)', () => {
  let t: { appKey: string; secretKey: string };
  let client: { client_id: string };
  const authorize = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({ client_id: client.client_id, response_type: 'code', redirect_uri: REDIRECT, state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', ...extra });
    return `/t/${t.appKey}/oauth2/authorize?${q}`;
  };

  beforeAll(async () => {
    t = await createTenant('headers');
    client = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, {
        method: 'POST',
        headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] }),
      }),
    );
  });

  it('A-9: the sign-in page cannot be framed and is not cached, sniffed or referred; A-8: no CORS on /oauth2/authorize (GET, preflight, POST, error redirect, error page)', async () => {
    const res = await call(authorize(), { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    const csp = expectPageHeaders(res);
    expect(csp).toContain("form-action 'self'");
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    // nor for a preflight, a POSTed form, an error redirect or an error page, whatever the Origin.
    const origin = { origin: 'https://evil.example' };
    const others = [
      await call(authorize(), { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'POST' } }),
      await call(`/t/${t.appKey}/oauth2/authorize`, { method: 'POST', headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URL(`https://x${authorize()}`).searchParams.toString(), redirect: 'manual' }),
      await call(authorize({ code_challenge_method: 'plain' }), { headers: origin, redirect: 'manual' }),
      await call(authorize({ client_id: 'nope' }), { headers: origin }),
    ];
    for (const r of others) {
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      expect(r.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('the error page (unknown client, bad redirect URI) sends the same headers', async () => {
    const res = await call(authorize({ client_id: 'nope' }));
    expect(res.status).toBe(400);
    expectPageHeaders(res);
  });

  it('/docs: the API reference has a per-request script nonce and frame-ancestors none', async () => {
    const first = await call('/docs');
    expect(first.status).toBe(200);
    const csp = expectPageHeaders(first);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const html = await first.text();
    // Every script of the page carries the nonce, so nothing else can run.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await call('/docs');
    expect(second.headers.get('content-security-policy')).not.toContain(nonce!);
  });

  it('JSON answers of every face are nosniff: health, token errors, Role API, Identity API, operator API, unknown routes', async () => {
    const answers = await Promise.all([
      call('/healthz'),
      call(`/t/${t.appKey}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=nope' }),
      call(`/role/v3.0/appkeys/${t.appKey}/roles`, { headers: { 'x-secret-key': 'wrong' } }),
      call(`/t/${t.appKey}/v1/users`),
      admin('GET', '/tenants'),
      call('/no/such/route'),
      call(`/t/${t.appKey}/.well-known/openid-configuration`),
    ]);
    for (const res of answers) {
      expect(res.headers.get('content-type')).toMatch(/json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it(`H-1: a token request body over ${MAX_FORM_BYTES} bytes is refused with 413 before it is parsed`, async () => {
    const big = `grant_type=client_credentials&client_id=${client.client_id}&pad=${'a'.repeat(MAX_FORM_BYTES)}`;
    const res = await call(`/t/${t.appKey}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big });
    expect(res.status).toBe(413);
    expect(await json(res)).toMatchObject({ error: 'invalid_request' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const form = await call(`/t/${t.appKey}/oauth2/authorize`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big });
    expect(form.status).toBe(413);
    expectPageHeaders(form);
  });
});
