import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dbState,
  DOCUMENTED,
  expectWellFormed,
  faceOf,
  hostileHeaders,
  hostileId,
  hostileSegment,
  openApiRoutes,
  OVERSIZED_JSON,
  runFace,
  send,
  streamed,
  TOKEN_SERVICE_ROUTES,
  type ApiRoute,
  type HostileRequest,
  type RequestPlan,
} from '../helpers/hostile';
import { call, createTenant, json } from '../helpers/http';

const REDIRECT = 'https://app.example/callback';

const FORM_ENDPOINTS = /\/oauth2\/(token|revoke|introspect)$/;

/**
 * Issue 6, hostile input — token service (`/t/{appKey}/oauth2/*`, `/.well-known/*`): hostile forms
 * (repeated, unknown and badly encoded parameters, wrong grant types, redirect URIs, PKCE values,
 * tokens), credentials (good and malformed Basic, body secrets, Bearer) and headers. Every answer is
 * below 500; token, revocation and introspection errors are RFC 6749 `{error, error_description}`
 * with `Cache-Control: no-store`; the authorization endpoint answers an HTML page (never framed) or
 * redirects only to the registered URI; a rejected request issues, consumes or revokes nothing.
 */
describe('hostile input: token service', () => {
  let t: { appKey: string; secretKey: string };
  let routes: ApiRoute[];
  let plan: RequestPlan;
  let formsFor: (template: string) => fc.Arbitrary<string>;
  let confidential: { client_id: string; client_secret: string };

  beforeAll(async () => {
    t = await createTenant('hostile-oauth');
    const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const mk = async (body: object) => json(await call(`/t/${t.appKey}/v1/oauth2-clients`, { method: 'POST', headers: h, body: JSON.stringify(body) }));
    const spa = await mk({ name: 'spa', grant_type: 'authorization_code', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] });
    confidential = await mk({ name: 'web', grant_type: 'authorization_code', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT] });
    const machine = await mk({ name: 'machine', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post', scopes: ['all'] });
    const pw = await mk({ name: 'pw', grant_type: 'password', token_endpoint_auth_method: 'none' });
    const user = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'grace', role_uuids: [] }) }));
    const password: string = user.password.temporary_password;
    const tokens = await json(
      await call(`/t/${t.appKey}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: pw.client_id, username: 'grace', password }).toString(),
      }),
    );
    expect(tokens.access_token).toBeTruthy();
    const clientIds = [spa.client_id, confidential.client_id, machine.client_id, pw.client_id];
    const documented = (await openApiRoutes(DOCUMENTED['token-service'])).routes;
    const fixed = TOKEN_SERVICE_ROUTES.map(([method, template]): ApiRoute => ({ method, template, pathParams: ['appKey'], query: [], body: method === 'POST' ? { kind: 'raw', types: [] } : null, security: [] }));
    routes = [...fixed, ...documented.filter((d) => !fixed.some((f) => f.method === d.method && f.template === d.template))];

    const value = (good: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...good) }, { weight: 2, arbitrary: hostileId });
    const field = fc.oneof(
      fc.tuple(fc.constant('grant_type'), value(['authorization_code', 'client_credentials', 'password', 'refresh_token', 'implicit', 'urn:ietf:params:oauth:grant-type:jwt-bearer'])),
      fc.tuple(fc.constant('client_id'), value(clientIds)),
      fc.tuple(fc.constant('client_secret'), value([machine.client_secret, confidential.client_secret, 'wrong'])),
      fc.tuple(fc.constant('code'), value(['x'.repeat(43)])),
      fc.tuple(fc.constant('redirect_uri'), value([REDIRECT, `${REDIRECT}/`, 'https://APP.example/callback', 'https://evil.example/cb', 'javascript:alert(1)', `${REDIRECT}#f`])),
      fc.tuple(fc.constant('code_verifier'), value(['v'.repeat(43), 'v'.repeat(42), 'v'.repeat(129), '~'.repeat(50)])),
      fc.tuple(fc.constant('code_challenge'), value(['c'.repeat(43)])),
      fc.tuple(fc.constant('code_challenge_method'), value(['S256', 'plain', 's256'])),
      fc.tuple(fc.constant('refresh_token'), value([tokens.refresh_token])),
      fc.tuple(fc.constant('username'), value(['grace'])),
      fc.tuple(fc.constant('password'), value([password, 'wrong'])),
      fc.tuple(fc.constant('scope'), value(['openid', 'openid profile', 'all', 'me', 's'.repeat(10_000)])),
      fc.tuple(fc.constant('resource'), value(['https://api.example', 'not a uri'])),
      fc.tuple(fc.constant('token'), value([tokens.access_token, tokens.refresh_token])),
      fc.tuple(fc.constant('token_type_hint'), value(['access_token', 'refresh_token', 'id_token'])),
      fc.tuple(fc.constant('response_type'), value(['code', 'token', 'code id_token'])),
      fc.tuple(fc.constantFrom('state', 'nonce', 'csrf_token', 'tenant_uuid', 'unknown', 'response_mode', 'prompt'), value(['st-1', t.appKey, '00000000-0000-0000-0000-000000000000'])),
    );
    const encode = (s: string) => {
      try {
        return encodeURIComponent(s);
      } catch {
        return s;
      }
    };
    // Mostly URL-encoded; sometimes raw (bad escapes, `&` and `=` inside values, invalid UTF-8 sequences).
    // Near-valid requests, so that hostile fields are judged after the checks a random form fails first.
    // Near-valid requests of each endpoint, so that hostile fields are judged after the checks a random form fails first.
    const authorizeBases: [string, string][][] = [
      [['client_id', spa.client_id], ['response_type', 'code'], ['redirect_uri', REDIRECT], ['state', 'st-1'], ['code_challenge', 'c'.repeat(43)], ['code_challenge_method', 'S256']],
      [['client_id', confidential.client_id], ['response_type', 'code'], ['redirect_uri', REDIRECT], ['state', 'st-2'], ['scope', 'openid']],
    ];
    const tokenBases: [string, string][][] = [
      [['grant_type', 'client_credentials'], ['client_id', machine.client_id], ['client_secret', machine.client_secret], ['scope', 'all']],
      [['grant_type', 'password'], ['client_id', pw.client_id], ['username', 'grace'], ['password', password]],
      [['grant_type', 'refresh_token'], ['client_id', pw.client_id], ['refresh_token', tokens.refresh_token]],
      [['grant_type', 'authorization_code'], ['client_id', spa.client_id], ['redirect_uri', REDIRECT], ['code', 'x'.repeat(43)], ['code_verifier', 'v'.repeat(43)]],
    ];
    const tokenUseBases: [string, string][][] = [
      [['token', tokens.access_token], ['client_id', confidential.client_id], ['client_secret', confidential.client_secret]],
      [['token', tokens.refresh_token], ['token_type_hint', 'refresh_token'], ['client_id', pw.client_id]],
      [['token', tokens.access_token], ['client_id', machine.client_id], ['client_secret', machine.client_secret]],
    ];
    const formOf = (bases: [string, string][][]) =>
      fc
        .tuple(
          fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...bases) }, { weight: 1, arbitrary: fc.constant<[string, string][]>([]) }),
          fc.oneof(fc.constant([]), fc.array(field, { maxLength: 5 })),
          fc.constantFrom('encoded', 'encoded', 'encoded', 'raw'),
          fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
        )
        .map(([start, pairs, how, repeat]) => {
          // A generated field replaces the near-valid one of its name; only `repeat` sends a name twice.
          const merged = [...start.filter(([k]) => !pairs.some(([p]) => p === k)), ...pairs];
          const all = repeat && merged.length ? [...merged, merged[0]!] : merged; // A-4: a repeated parameter
          return all.map(([k, v]) => (how === 'raw' ? `${k}=${v}` : `${k}=${encode(v)}`)).join('&');
        });
    formsFor = (template) =>
      template.endsWith('/authorize') ? formOf(authorizeBases) : template.endsWith('/token') ? formOf(tokenBases) : formOf([...tokenUseBases, ...tokenBases]);

    const basic = (id: string, secret: string) => `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;
    const credentials = fc.constantFrom<Record<string, string>>(
      {},
      {},
      { authorization: basic(confidential.client_id, confidential.client_secret) },
      { authorization: basic(machine.client_id, machine.client_secret) },
      { authorization: basic(confidential.client_id, 'wrong') },
      { authorization: 'Basic !!!not-base64' },
      { authorization: `Basic ${btoa('no-colon')}` },
      { authorization: `Basic ${btoa('%zz:%zz')}` },
      { authorization: `Basic ${btoa(':')}` },
      { authorization: `Basic ${'A'.repeat(100_000)}` },
      { 'x-secret-key': t.secretKey },
      { 'x-secret-key': 'wrong' },
      { authorization: `Bearer ${tokens.access_token}` },
      { authorization: `Bearer ${tokens.refresh_token}` },
      { authorization: 'Bearer garbage' },
    );
    plan = { validIds: { appKey: [t.appKey] }, mostlyValid: ['appKey'], ctx: { schemas: {}, strings: [] }, auth: () => credentials };
  });

  /** A hostile token-service request: the form in the query (GET) or the body (POST), a content type, credentials, headers, a source address. */
  function tokenRequest(route: ApiRoute): fc.Arbitrary<HostileRequest> {
    const appKey = fc.oneof({ weight: 19, arbitrary: fc.constant(t.appKey) }, { weight: 1, arbitrary: hostileSegment });
    const type = fc.constantFrom<string | null>(
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=utf-16',
      'APPLICATION/X-WWW-FORM-URLENCODED',
      'application/json',
      'multipart/form-data; boundary=x',
      null,
    );
    const cookie = fc.constantFrom<Record<string, string>>({}, {}, { cookie: 'edge_iam_csrf=abc' }, { cookie: `edge_iam_csrf=${'c'.repeat(8192)}` });
    // A random source address per request: the abuse limits count per address, so the run is not one address's story.
    const source = fc.ipV4().map((ip) => ({ 'cf-connecting-ip': ip }));
    // Now and then the form's bytes are not UTF-8 at all (not percent-encoded: raw bytes a string cannot carry).
    const badBytes = fc.oneof(
      { weight: 12, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom([0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x00]).chain((b) => fc.tuple(fc.constantFrom('client_id', 'grant_type', 'scope', 'refresh_token', 'x'), fc.constant(b))) },
    );
    return fc
      .record({ appKey, form: formsFor(route.template), query: formsFor(route.template), type, auth: plan.auth(route), cookie, source, extra: fc.oneof({ weight: 6, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: hostileHeaders }), bad: badBytes })
      .map(({ appKey, form, query, type, auth, cookie, source, extra, bad }) => {
        const path = route.template.replace('{appKey}', appKey);
        const post = route.method !== 'GET';
        const headers: Record<string, string> = { ...extra, ...source, ...cookie, ...auth };
        if (post && type) headers['content-type'] = type;
        // GET carries the form in the query; POST mostly in the body, sometimes also in the query (T-5: credentials there are refused).
        const q = post ? (query.includes('client_secret') || query.length % 13 === 0 ? query : '') : form;
        const raw = bad ? new Uint8Array([...new TextEncoder().encode(`${form}&${bad[0]}=`), ...bad[1]]) : null;
        const req: HostileRequest = { method: route.method, path: q ? `${path}?${q}` : path, headers, body: post ? (raw ?? form) : undefined, route };
        Object.defineProperty(req, fc.toStringMethod, { value: () => `${req.method} ${req.path.slice(0, 300)} headers=${JSON.stringify(Object.keys(headers))} body=${form.slice(0, 300)}${bad ? ` + ${bad[0]}=<bytes ${bad[1].join(',')}>` : ''}`, enumerable: false });
        return req;
      });
  }

  it('H-1: a form over 1 MiB is 413 at every form endpoint, with or without Content-Length; never a 5xx', async () => {
    const form = `grant_type=client_credentials&scope=${'s'.repeat(1024 * 1024 + 16)}`;
    for (const route of routes.filter((r) => r.method === 'POST')) {
      for (const body of [form, streamed(form)]) {
        const path = route.template.replace('{appKey}', t.appKey);
        const { res, pathname } = await send({ method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': '198.51.100.7' }, body });
        const label = `POST ${route.template} with a ${typeof body === 'string' ? '' : 'streamed '}form of ${form.length} bytes`;
        if (/\/oauth2\/userinfo$/.test(path)) {
          await expectWellFormed(res, pathname, label); // userinfo reads no body: the Bearer check answers
          continue;
        }
        expect(res.status, label).toBe(413);
        await expectWellFormed(res, pathname, label);
      }
    }
    // JSON of the same size is no better.
    const { res, pathname } = await send({ method: 'POST', path: `/t/${t.appKey}/oauth2/token`, headers: { 'content-type': 'application/json' }, body: OVERSIZED_JSON });
    expect(res.status).toBeGreaterThanOrEqual(400);
    await expectWellFormed(res, pathname, 'POST /oauth2/token with 1 MiB of JSON');
  });

  it('oversized headers never reach a 5xx', async () => {
    for (const headers of [
      { authorization: `Basic ${'A'.repeat(128 * 1024)}` },
      { authorization: `Bearer ${'e'.repeat(64 * 1024)}.${'e'.repeat(64 * 1024)}.x` },
      { cookie: `edge_iam_csrf=${'c'.repeat(100 * 1024)}` },
      { 'cf-connecting-ip': 'x'.repeat(64 * 1024) },
    ] as Record<string, string>[]) {
      for (const [method, path] of [
        ['POST', `/t/${t.appKey}/oauth2/token`],
        ['POST', `/t/${t.appKey}/oauth2/introspect`],
        ['GET', `/t/${t.appKey}/oauth2/userinfo`],
        ['GET', `/t/${t.appKey}/oauth2/authorize?client_id=${confidential.client_id}&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}&state=s`],
      ] as const) {
        const { res, pathname } = await send({ method, path, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: 'grant_type=client_credentials&token=x' });
        await expectWellFormed(res, pathname, `${method} ${path} ${Object.keys(headers)}`);
      }
    }
  });

  it('the state check sees what a refused request changes: R-2, a reused refresh token revokes its family', async () => {
    const pw = await json(
      await call(`/t/${t.appKey}/v1/oauth2-clients`, {
        method: 'POST',
        headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'pw-r2', grant_type: 'password', token_endpoint_auth_method: 'none' }),
      }),
    );
    const user = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'r2', role_uuids: [] }) }));
    const form = (fields: Record<string, string>) =>
      call(`/t/${t.appKey}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const first = await json(await form({ grant_type: 'password', client_id: pw.client_id, username: 'r2', password: user.password.temporary_password }));
    expect((await form({ grant_type: 'refresh_token', client_id: pw.client_id, refresh_token: first.refresh_token })).status).toBe(200);
    const before = await dbState([t.appKey]);
    const reuse = await form({ grant_type: 'refresh_token', client_id: pw.client_id, refresh_token: first.refresh_token });
    expect(reuse.status).toBe(400);
    expect((await json(reuse)).error).toBe('invalid_grant');
    expect(await dbState([t.appKey])).not.toEqual(before);
  });

  it('never answers 5xx, answers RFC 6749 errors (HTML or a redirect to the registered URI at authorize), and a rejected request changes nothing', async () => {
    const exchanged = new Set<string>();
    let nonUtf8 = 0;
    const { tried, byRoute, rejectedWrites, acceptedWrites } = await runFace({
      face: 'token-service',
      routes,
      plan,
      request: tokenRequest,
      numRuns: 1000,
      seed: 6_005,
      // Failed sign-ins count against the account by design (lockout), and secrets record their last use.
      state: () => dbState([t.appKey], ['*.last_used_at', 'identity_accounts.attempt_count', 'identity_accounts.last_attempt_at', 'identity_accounts.updated_at', 'signing_keys.*']),
      // R-2: presenting a refresh token that was already exchanged revokes its family, while the request is refused.
      changesByDesign: (req, res, body) => {
        const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
        return /\/oauth2\/token$/.test(req.path.split('?')[0]!) && (body as { error?: string }).error === 'invalid_grant' && exchanged.has(form.get('refresh_token') ?? '');
      },
      check: (req, res, pathname) => {
        if (req.body instanceof Uint8Array) nonUtf8 += 1;
        if (faceOf(pathname) === 'oauth' && /\/oauth2\/token$/.test(pathname) && res.status === 200) {
          const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
          if (form.get('grant_type') === 'refresh_token') exchanged.add(form.get('refresh_token') ?? '');
        }
        if (faceOf(pathname) === 'oauth' && FORM_ENDPOINTS.test(pathname)) {
          // T-2, I-4: token-endpoint-like answers are never cached, errors included.
          expect(res.headers.get('cache-control'), `${req.method} ${pathname} -> ${res.status}`).toBe('no-store');
        }
        if (faceOf(pathname) === 'oauth' && /\/oauth2\/authorize$/.test(pathname)) {
          expect(res.headers.get('access-control-allow-origin'), 'A-8').toBeNull();
          if (res.status >= 300 && res.status < 400) {
            // A-1, A-12: the only place the authorization endpoint redirects to is the registered URI.
            const location = res.headers.get('location') ?? '';
            expect(location.startsWith(`${REDIRECT}?`), `redirect to ${location}`).toBe(true);
            const params = new URL(location).searchParams;
            expect(params.get('iss'), 'A-3, A-11: iss on every redirect').toMatch(new RegExp(`/t/${t.appKey}$`));
            expect(params.has('code') || params.has('error'), location).toBe(true);
          }
        }
      },
    });
    expect(tried).toBe(1000);
    // Few requests here get as far as storing anything, so whether any met D1 failing depends on the seed;
    // test/faults/every-face.test.ts fails each grant's storage on purpose.
    expect(nonUtf8, 'forms that are not UTF-8').toBeGreaterThan(20);
    expect(rejectedWrites).toBeGreaterThan(200);
    expect(acceptedWrites).toBeGreaterThan(5);
    // The run reaches past validation: tokens are issued, codes redirected, sign-in pages shown.
    expect(Object.keys(byRoute).filter((k) => / 200$| 302$/.test(k) && /oauth2\/(token|authorize)/.test(k)).length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
