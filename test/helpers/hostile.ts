import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { FaultPlan } from '../../src/storage/faults';
import { callWith } from './faulty-app';
import { call } from './http';

// ---------------------------------------------------------------------------------------------
// Generic hostile values (first written for the Role API; every face's hostile-input test uses them)
// ---------------------------------------------------------------------------------------------

/** JSON values of every type, nested, with the edge cases that break parsers and column types. */
export function hostileValue(fieldNames: readonly string[]): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31) - 1, 1e308, '', ' ', 'ALL', 'id', '../', '%00', '\u0000', '😀'.repeat(40), 'a'.repeat(2000)),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.integer(),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom(...fieldNames), tie('value'), { maxKeys: 5 }),
    ),
  })).value;
}

/** A JSON text: an object of known field names with hostile values, any hostile value, or broken JSON. */
export function hostileBody(fieldNames: readonly string[]): fc.Arbitrary<string> {
  const value = hostileValue(fieldNames);
  return fc.oneof(
    fc.dictionary(fc.constantFrom(...fieldNames), value, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
    value.map((v) => JSON.stringify(v)),
    fc.constantFrom('{', '[]', 'null', '"x"', '{"users": [', '\u0000', '{"a":1}{"b":2}', `{"x":${'['.repeat(500)}${']'.repeat(500)}}`),
  );
}

/** Query-string values that break integer parsing, paging and sort parsing. */
export const HOSTILE_QUERY_VALUES = ['0', '-1', '1.5', '99999999999999999999', 'abc', 'id.userId,DESC', ',', '%', 'true'] as const;

/** A query string over `keys` with hostile values (encoded; keys may repeat). */
export function hostileQuery(keys: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.constantFrom(...keys), fc.oneof(fc.constantFrom(...HOSTILE_QUERY_VALUES), fc.string({ maxLength: 12 }))), { maxLength: 4 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
}

/** Ids nobody should choke on: long, Unicode, dot segments, encoded slashes, NUL, emoji, bad escapes, SQL. */
export const HOSTILE_IDS = [
  'a'.repeat(300),
  'b'.repeat(5000),
  'ü'.repeat(200),
  '..',
  '../..',
  '.',
  '%2F',
  '%2e%2e',
  'a/b',
  'a%2Fb',
  '\u0000',
  'x\u0000y',
  '😀'.repeat(64),
  '👩‍👩‍👧‍👦',
  ' ',
  '%',
  '%zz',
  '%C0%AF',
  '%FF%FE',
  '\ud800',
  '\u202eevil',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '-1',
  '0',
  '99999999999999999999',
  '1e308',
  'null',
  'undefined',
  '[object Object]',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  "'; DROP TABLE users;--",
  '" OR 1=1 --',
  'ALL',
  '*',
  '**',
  'me',
  '\r\nX-Injected: 1',
] as const;

export const hostileId: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_IDS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }) },
);

/** encodeURIComponent that also survives lone surrogates (they go in raw: the URL parser replaces them). */
function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A path segment for a hostile id: percent-encoded, or raw (dot segments, `/`, `?`, `#` act as what they are). */
export const hostileSegment: fc.Arbitrary<string> = fc
  .tuple(hostileId, fc.constantFrom('encoded', 'encoded', 'raw'))
  .map(([id, how]) => (how === 'raw' ? id : encodeSegment(id)));

/** Query-string values, percent-encoded or not. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_QUERY_VALUES, '', '1e400', 'NaN', 'Infinity', '-0', '0x10', ' 1', '%zz', '%', '\u0000', 'a'.repeat(5000), '💥', 'name+', 'name-', 'true', 'false'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  hostileId,
);

/** Bodies that are not valid UTF-8 / JSON text in ways a string generator cannot produce. */
export const badEncodingBody: fc.Arbitrary<Uint8Array | string> = fc.oneof(
  fc.constantFrom<Uint8Array | string>(
    new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), // UTF-16LE "{}" with BOM
    new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), // UTF-8 BOM + "{}"
    new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]), // {"n":"<overlong>"}
    new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), // {"<0xff>":1}
    '{"name":"\\ud800"}',
    '{"name":"\\u0000"}',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    `{"n":1${',"n":2'.repeat(50)}}`,
    `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    `{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
    `[${'1,'.repeat(50_000)}1]`,
    '{"x":1e999999}',
    '{"x":-0}',
    '{"x":123456789012345678901234567890}',
  ),
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
);

/** Headers that are very large, repeated-looking or malformed. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant({}),
  fc.constantFrom<Record<string, string>>(
    { 'x-pad': 'a'.repeat(100 * 1024) },
    { 'x-operator-uuid': 'o'.repeat(64 * 1024) },
    { 'x-operator-uuid': '<script>alert(1)</script>' },
    { 'x-min-revision': '99999999999999999999' },
    { 'x-min-revision': '-1' },
    { 'x-min-revision': '1.5' },
    { 'x-min-revision': 'abc' },
    { 'x-min-revision': '0, 1' },
    { 'accept-language': 'x'.repeat(16 * 1024) },
    { cookie: `edge_iam_csrf=${'c'.repeat(32 * 1024)}` },
    { 'x-forwarded-for': Array.from({ length: 2000 }, () => '1.2.3.4').join(', ') },
    { 'cf-connecting-ip': 'not-an-ip' },
    { 'content-length': '0' },
  ),
);

/** More than 1 MiB of JSON (the faces' body limit). */
export const OVERSIZED_JSON = JSON.stringify({ name: 'x', description: 'd'.repeat(1024 * 1024 + 16) });

/** The same bytes as a stream of unknown length (no Content-Length: the limit must count what arrives). */
export function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Routes no OpenAPI document lists (the hostile tests add them to the documented ones)
// ---------------------------------------------------------------------------------------------

/** Which documented paths each face's hostile test takes from `/openapi.json` (test/hostile/coverage.test.ts checks that together they are every route). */
export const DOCUMENTED: Record<'role' | 'identity' | 'apps' | 'control-plane' | 'operator' | 'token-service' | 'ops', (template: string) => boolean> = {
  role: (p) => p.startsWith('/role/v3.0/'),
  identity: (p) => p.startsWith('/t/{appKey}/v1/'),
  apps: (p) => p.startsWith('/t/{appKey}/apps/v1/'),
  'control-plane': (p) => p.startsWith('/v1/management/'),
  operator: (p) => p.startsWith('/admin/v1/'),
  'token-service': (p) => /^\/t\/\{appKey\}\/(oauth2|\.well-known)\//.test(p) || p.startsWith('/.well-known/'),
  ops: (p) => !/^\/(admin\/v1|role\/|t\/|v1\/management\/|\.well-known\/)/.test(p),
};

/** The token service is plain Hono (not in the OpenAPI document): its routes, and methods they do not have. */
export const TOKEN_SERVICE_ROUTES: readonly (readonly [string, string])[] = [
  ['GET', '/t/{appKey}/oauth2/authorize'],
  ['POST', '/t/{appKey}/oauth2/authorize'],
  ['POST', '/t/{appKey}/oauth2/token'],
  ['GET', '/t/{appKey}/oauth2/token'],
  ['PUT', '/t/{appKey}/oauth2/token'],
  ['DELETE', '/t/{appKey}/oauth2/token'],
  ['PATCH', '/t/{appKey}/oauth2/token'],
  ['POST', '/t/{appKey}/oauth2/revoke'],
  ['GET', '/t/{appKey}/oauth2/revoke'],
  ['PUT', '/t/{appKey}/oauth2/revoke'],
  ['DELETE', '/t/{appKey}/oauth2/revoke'],
  ['PATCH', '/t/{appKey}/oauth2/revoke'],
  ['POST', '/t/{appKey}/oauth2/introspect'],
  ['GET', '/t/{appKey}/oauth2/introspect'],
  ['PUT', '/t/{appKey}/oauth2/introspect'],
  ['DELETE', '/t/{appKey}/oauth2/introspect'],
  ['PATCH', '/t/{appKey}/oauth2/introspect'],
  ['GET', '/t/{appKey}/oauth2/userinfo'],
  ['POST', '/t/{appKey}/oauth2/userinfo'],
  ['PUT', '/t/{appKey}/oauth2/userinfo'],
  ['DELETE', '/t/{appKey}/oauth2/userinfo'],
  ['PATCH', '/t/{appKey}/oauth2/userinfo'],
  ['GET', '/t/{appKey}/.well-known/openid-configuration'],
  ['GET', '/t/{appKey}/.well-known/oauth-authorization-server'],
  ['GET', '/t/{appKey}/.well-known/jwks.json'],
  ['GET', '/.well-known/oauth-authorization-server/t/{appKey}'],
];

/** Routes of the root app (not under a face), and the prefixes every face hangs from. */
export const OPS_ROUTES: readonly (readonly [string, string])[] = [
  ['GET', '/healthz'],
  ['GET', '/openapi.json'],
  ['GET', '/docs'],
  ['GET', '/'],
  ['POST', '/healthz'],
  ['GET', '/{x}'],
  ['POST', '/{x}/{y}'],
  ['GET', '/t/{x}'],
  ['GET', '/t/{x}/{y}'],
  ['DELETE', '/t/{x}/{y}/{z}'],
  ['GET', '/v1/management/{x}'],
  ['PUT', '/v1/management/organizations/{x}/{y}'],
  ['GET', '/admin'],
  ['PATCH', '/role/v3.0/{x}'],
  ['GET', '/.well-known/{x}'],
  ['GET', '/.well-known/oauth-authorization-server/{x}/{y}'],
];

// ---------------------------------------------------------------------------------------------
// Routes from the running app's OpenAPI document
// ---------------------------------------------------------------------------------------------

export type JsonSchema = Record<string, any>;

export interface ApiRoute {
  method: string;
  /** The path template as documented, e.g. `/t/{appKey}/v1/users/{user_uuid}`. */
  template: string;
  pathParams: string[];
  query: { name: string; schema: JsonSchema }[];
  /** `json` with its schema, `raw` for binary uploads (with their media types), or none. */
  body: { kind: 'json'; schema: JsonSchema } | { kind: 'raw'; types: string[] } | null;
  security: string[];
}

export interface ApiDocument {
  routes: ApiRoute[];
  schemas: Record<string, JsonSchema>;
}

/** Every documented operation whose path matches `filter`, read from `GET /openapi.json`. */
export async function openApiRoutes(filter: (template: string) => boolean): Promise<ApiDocument> {
  const res = await call('/openapi.json');
  expect(res.status).toBe(200);
  const doc = (await res.json()) as any;
  const routes: ApiRoute[] = [];
  for (const [template, ops] of Object.entries<any>(doc.paths)) {
    if (!filter(template)) continue;
    for (const [method, op] of Object.entries<any>(ops)) {
      const content = op.requestBody?.content ?? {};
      const types = Object.keys(content);
      const body: ApiRoute['body'] = content['application/json']
        ? { kind: 'json', schema: content['application/json'].schema ?? {} }
        : types.length
          ? { kind: 'raw', types }
          : null;
      routes.push({
        method: method.toUpperCase(),
        template,
        pathParams: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
        query: (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => ({ name: p.name, schema: p.schema ?? {} })),
        body,
        security: (op.security ?? []).flatMap((s: Record<string, unknown>) => Object.keys(s)),
      });
    }
  }
  return { routes, schemas: doc.components?.schemas ?? {} };
}

/** Every field name a schema mentions (nested objects and arrays included). */
export function fieldNames(schema: JsonSchema, schemas: Record<string, JsonSchema>, seen = new Set<string>()): string[] {
  const out = new Set<string>();
  const walk = (s: JsonSchema | undefined) => {
    if (!s || typeof s !== 'object') return;
    if (typeof s.$ref === 'string') {
      const name = s.$ref.split('/').pop()!;
      if (seen.has(name)) return;
      seen.add(name);
      return walk(schemas[name]);
    }
    for (const [k, v] of Object.entries<JsonSchema>(s.properties ?? {})) {
      out.add(k);
      walk(v);
    }
    walk(s.items);
    for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(branch);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties);
  };
  walk(schema);
  return [...out];
}

/** Strings that pass a `type: string` schema and may be real: seeded ids, names, URLs, e-mails. */
function plausibleString(ctx: SchemaContext): fc.Arbitrary<string> {
  return fc.oneof(
    // Long but valid-looking values too: filters past 50 bytes once broke D1's LIKE.
    fc.constantFrom('x', 'valid-name', 'user@example.com', 'https://app.example/cb', 'GET', '/v1/users', 'n'.repeat(64), `${'long.'.repeat(12)}name@example.com`, ...ctx.strings),
    fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_') }),
  );
}

export interface SchemaContext {
  schemas: Record<string, JsonSchema>;
  /** Extra strings a `string` field may take (valid ids of the seeded tenant). */
  strings: string[];
}

/** Values that satisfy `schema` (loosely: formats and patterns are not honoured), so that inputs get past the first field. */
export function plausible(schema: JsonSchema | undefined, ctx: SchemaContext, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object' || depth > 4) return fc.constantFrom(null, 'x', 1);
  if (typeof schema.$ref === 'string') return plausible(ctx.schemas[schema.$ref.split('/').pop()!], ctx, depth + 1);
  if (Array.isArray(schema.enum) && schema.enum.length) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches) && branches.length) return fc.oneof(...branches.map((b: JsonSchema) => plausible(b, ctx, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf.length) return plausible(schema.allOf[0], ctx, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type : [schema.type];
  const arbs: fc.Arbitrary<unknown>[] = [];
  for (const t of type) {
    if (t === 'string') arbs.push(plausibleString(ctx));
    else if (t === 'integer' || t === 'number') {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const max = typeof schema.maximum === 'number' ? schema.maximum : min + 100;
      arbs.push(fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(Math.min(max, min + 1000))) }));
    } else if (t === 'boolean') arbs.push(fc.boolean());
    else if (t === 'null') arbs.push(fc.constant(null));
    else if (t === 'array') arbs.push(fc.array(plausible(schema.items, ctx, depth + 1), { maxLength: 3 }));
    else if (t === 'object' || schema.properties) {
      const props = Object.entries<JsonSchema>(schema.properties ?? {});
      const required = new Set<string>(schema.required ?? []);
      arbs.push(
        fc.record(Object.fromEntries(props.map(([k, v]) => [k, plausible(v, ctx, depth + 1)])), {
          requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)),
        }),
      );
    }
  }
  if (!arbs.length) return fc.constantFrom(null, 'x', 1, true, [], {});
  return arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
}

/** A JSON body for a route: broken JSON, hostile values in its field names, or a plausible body with one field made hostile. */
export function jsonBodyFor(schema: JsonSchema, ctx: SchemaContext): fc.Arbitrary<string | Uint8Array> {
  const names = fieldNames(schema, ctx.schemas);
  const fields = names.length ? names : ['name', 'id'];
  const hostile = hostileValue(fields);
  const mutated = fc.tuple(plausible(schema, ctx), fc.constantFrom(...fields), hostile).map(([base, key, bad]) => {
    if (base && typeof base === 'object' && !Array.isArray(base)) return JSON.stringify({ ...base, [key]: bad });
    return JSON.stringify(bad);
  });
  return fc.oneof(
    { weight: 4, arbitrary: mutated },
    { weight: 2, arbitrary: plausible(schema, ctx).map((v) => JSON.stringify(v)) },
    { weight: 3, arbitrary: hostileBody(fields) },
    { weight: 1, arbitrary: badEncodingBody },
  );
}

/** A query string for a route's documented parameters: plausible or hostile values, repeated keys, unknown keys. */
export function queryFor(route: ApiRoute, ctx: SchemaContext): fc.Arbitrary<string> {
  const known = route.query.map((q) => q.name);
  const names = [...known, 'unknown', 'page', 'per_page', 'sort'];
  const pair = fc.constantFrom(...names).chain((name) => {
    const schema = route.query.find((q) => q.name === name)?.schema;
    return fc.tuple(fc.constant(name), fc.oneof(plausible(schema, ctx).map((v) => String(v)), hostileQueryValue), fc.boolean());
  });
  // One query in four sends its first parameter again with another value (which one wins is the face's business, not a 5xx).
  return fc
    .tuple(fc.array(pair, { maxLength: 5 }), pair, fc.integer({ min: 0, max: 3 }))
    .map(([pairs, again, n]) => (n === 0 && pairs.length ? [...pairs, [pairs[0]![0], again[1], again[2]] as const] : pairs))
    .map((pairs) => pairs.map(([k, v, encode]) => `${k}=${encode ? encodeSegment(v) : v}`).join('&'));
}

/** Raw bodies for upload routes: real image signatures with garbage, other bytes, wrong media types. */
export const rawUpload: fc.Arbitrary<{ body: Uint8Array; type: string | null }> = fc.record({
  body: fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc.uint8Array({ maxLength: 32 }).map((tail) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...tail])),
    fc.constant(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')),
  ),
  type: fc.constantFrom(null, 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml', 'text/html', 'application/json', 'image/png; charset=utf-8', 'IMAGE/PNG', ''),
});

export interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  route: ApiRoute;
}

export interface RequestPlan {
  /** What `{name}` in a template may be replaced with when valid (seeded ids); a name absent here gets only hostile ids. */
  validIds: Record<string, string[]>;
  /** Credentials to send, most of them valid. */
  auth: (route: ApiRoute) => fc.Arbitrary<Record<string, string>>;
  /** Names of path parameters that are almost always valid (the tenant in the path), hostile in 1 of 20 requests. */
  mostlyValid?: string[];
  ctx: SchemaContext;
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isWrite = (method: string) => WRITE.has(method);

/** One hostile request for `route`. */
export function requestFor(route: ApiRoute, plan: RequestPlan): fc.Arbitrary<HostileRequest> {
  const segment = (name: string): fc.Arbitrary<string> => {
    const valid = plan.validIds[name] ?? [];
    if (!valid.length) return hostileSegment;
    const weight = plan.mostlyValid?.includes(name) ? 19 : 3;
    return fc.oneof({ weight, arbitrary: fc.constantFrom(...valid.map(encodeSegment)) }, { weight: 2, arbitrary: hostileSegment });
  };
  const params = fc.tuple(...route.pathParams.map(segment));
  const contentType = fc.constantFrom<string | null>(
    'application/json',
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=utf-16',
    null,
  );
  const body: fc.Arbitrary<{ body?: string | Uint8Array; type: string | null }> =
    route.body?.kind === 'raw'
      ? rawUpload
      : route.body?.kind === 'json'
        ? fc.record({ body: jsonBodyFor(route.body.schema, plan.ctx), type: contentType })
        : fc.oneof(
            { weight: 3, arbitrary: fc.constant({ type: null }) },
            { weight: 1, arbitrary: fc.record({ body: hostileBody(['name', 'id', 'dry_run']), type: contentType }) },
          );
  // Now and then a method the route does not have: the face's own catch-all must answer it.
  const method = fc.oneof({ weight: 19, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') });
  return fc.record({ method, params, query: queryFor(route, plan.ctx), auth: plan.auth(route), extra: fc.oneof({ weight: 6, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: hostileHeaders }), body }).map(({ method, params, query, auth, extra, body }) => {
    let i = 0;
    const path = route.template.replace(/\{[^}]+\}/g, () => params[i++]!);
    const headers: Record<string, string> = { ...extra, ...auth };
    if (body.type) headers['content-type'] = body.type;
    const req: HostileRequest = { method, path: query ? `${path}?${query}` : path, headers, body: body.body, route };
    // fast-check prints counterexamples with this: short enough to read.
    Object.defineProperty(req, fc.toStringMethod, { value: () => summary(req), enumerable: false });
    return req;
  });
}

/**
 * Sends a hostile request; the `Request` is built here so that the URL parser's view of the path is
 * known. With `faults`, through the Worker's app with misbehaving bindings (src/storage/faults.ts).
 */
export async function send(
  req: { method: string; path: string; headers: Record<string, string>; body?: BodyInit | null },
  faults?: FaultPlan,
): Promise<{ res: Response; pathname: string }> {
  const url = new URL(`https://edge-iam.test${req.path}`);
  const res = await (faults ? (path: string, init: RequestInit) => callWith(faults, path, init) : call)(`${url.pathname}${url.search}`, {
    method: req.method,
    headers: req.headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : (req.body ?? undefined),
    // A redirect is an answer to judge, not something to follow (it would come back to this Worker as another path).
    redirect: 'manual',
  });
  return { res, pathname: url.pathname };
}

// ---------------------------------------------------------------------------------------------
// What every answer must look like, per face
// ---------------------------------------------------------------------------------------------

export type Face = 'role' | 'identity' | 'apps' | 'control-plane' | 'operator' | 'oauth' | 'ops';

/** The face that owns a path (after the URL parser resolved dot segments). */
export function faceOf(pathname: string): Face {
  if (pathname.startsWith('/role/')) return 'role';
  if (/^\/t\/[^/]+\/v1(\/|$)/.test(pathname)) return 'identity';
  if (/^\/t\/[^/]+\/apps\/v1(\/|$)/.test(pathname)) return 'apps';
  if (/^\/v1\/management\/organizations\/[^/]+\/tenants\/[^/]+(\/|$)/.test(pathname)) return 'control-plane';
  if (pathname.startsWith('/admin/v1')) return 'operator';
  if (/^\/t\/[^/]+\/(oauth2\/(authorize|token|revoke|introspect|userinfo)|\.well-known\/(openid-configuration|oauth-authorization-server|jwks\.json))$/.test(pathname)) return 'oauth';
  if (/^\/\.well-known\/oauth-authorization-server\/t\/[^/]+$/.test(pathname)) return 'oauth';
  // Anything else (unknown paths under /t/{appKey} included) is answered by the root app.
  return 'ops';
}

const OAUTH_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
  'invalid_token',
  'unsupported_token_type',
  'not_found',
  'server_error',
]);

const isString = (v: unknown) => typeof v === 'string';
const keys = (o: unknown) => Object.keys(o as object).sort();

/**
 * Fails unless `res` is below 500 (with `serverError`: a 5xx, or the Role API's resultCode 500) and,
 * when it is an error, a well-formed error of the face that owns `pathname`. Returns the parsed body
 * (or the text) for further checks.
 */
export async function expectWellFormed(res: Response, pathname: string, label: string, opts: { serverError?: boolean; anyStatus?: boolean } = {}): Promise<unknown> {
  const face = faceOf(pathname);
  const text = await res.text();
  const where = `${label} -> ${res.status} ${text.slice(0, 300)}`;
  // Fault tests expect a server error, in the face's format like any other error (or, with `anyStatus`, any answer).
  if (opts.serverError) expect(res.status, where).toBeGreaterThanOrEqual(face === 'role' ? 200 : 500);
  else if (!opts.anyStatus) expect(res.status, where).toBeLessThan(500);
  const type = res.headers.get('content-type') ?? '';
  const jsonBody = () => {
    expect(type, where).toMatch(/^application\/(.+\+)?json/);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`not JSON: ${where}`);
    }
  };
  if (face === 'role') {
    expect(res.status, where).toBe(200);
    const body = jsonBody() as any;
    expect(typeof body.header?.isSuccessful, where).toBe('boolean');
    expect(typeof body.header?.resultCode, where).toBe('number');
    if (opts.serverError) expect(body.header.resultCode, where).toBe(500);
    else if (!opts.anyStatus) expect(body.header.resultCode, where).not.toBe(500);
    return body;
  }
  if (res.status < 400) {
    if (res.status >= 300) expect(face, `${where}: only the authorization endpoint redirects`).toBe('oauth');
    if (text && /json/.test(type)) return JSON.parse(text);
    return text;
  }
  if (face === 'oauth' && /\/oauth2\/authorize$/.test(pathname) && /text\/html/.test(type)) {
    // Errors that cannot go back to a verified redirect URI: an HTML page, never framed or cached.
    expect(res.headers.get('content-security-policy') ?? '', where).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control'), where).toBe('no-store');
    return text;
  }
  const body = jsonBody() as any;
  switch (face) {
    case 'identity':
      expect(keys(body), where).toEqual(['title', 'type']);
      expect(isString(body.type) && isString(body.title), where).toBe(true);
      break;
    case 'apps':
    case 'operator':
    case 'ops':
      expect(keys(body), where).toEqual(['error']);
      expect(keys(body.error), where).toEqual(['code', 'message']);
      expect(isString(body.error.code) && isString(body.error.message), where).toBe(true);
      break;
    case 'control-plane':
      expect(keys(body), where).toEqual(['error', 'error_description', 'error_details', 'error_messages']);
      expect(isString(body.error) && isString(body.error_description), where).toBe(true);
      expect(Array.isArray(body.error_messages) && body.error_messages.every(isString), where).toBe(true);
      expect(typeof body.error_details === 'object' && body.error_details !== null && !Array.isArray(body.error_details), where).toBe(true);
      break;
    case 'oauth':
      expect(isString(body.error) && OAUTH_ERRORS.has(body.error), where).toBe(true);
      if ('error_description' in body) expect(body.error_description, where).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/); // RFC 6749 §5.2
      expect(keys(body).every((k) => k === 'error' || k === 'error_description' || k === 'error_uri'), where).toBe(true);
      break;
  }
  return body;
}

// ---------------------------------------------------------------------------------------------
// Observable state: "a rejected write changes nothing"
// ---------------------------------------------------------------------------------------------

let tenantTables: string[] | null = null;
let allTables: string[] | null = null;

async function tables() {
  if (!tenantTables || !allTables) {
    const all = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' ORDER BY name").all<{ name: string }>();
    allTables = all.results.map((r) => r.name);
    // pragma_table_info is not authorized in D1: read the column from the table's definition.
    const withTenant = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%`tenant_id`%' ORDER BY name").all<{ name: string }>();
    tenantTables = withTenant.results.map((r) => r.name);
  }
  return { tenantTables, allTables };
}

/**
 * The D1 rows of the tenants named (every table with a `tenant_id`, their `tenants` rows and their
 * organizations), and the row count of every table. Columns in `ignore` (`table.column`, `*.column`) are
 * left out, and so are the tables in it as `table.*`.
 */
export async function dbState(appKeys: string[], ignore: string[] = []): Promise<Record<string, unknown>> {
  const { tenantTables, allTables } = await tables();
  const placeholders = appKeys.map(() => '?').join(',');
  const counted = allTables.filter((t) => !ignore.includes(`${t}.*`));
  const statements = [
    env.DB.prepare(`SELECT ${counted.map((t) => `(SELECT count(*) FROM "${t}") AS "${t}"`).join(', ')}`),
    ...tenantTables.map((t) => env.DB.prepare(`SELECT * FROM "${t}" WHERE tenant_id IN (${placeholders}) ORDER BY rowid`).bind(...appKeys)),
    env.DB.prepare(`SELECT * FROM tenants WHERE app_key IN (${placeholders}) ORDER BY app_key`).bind(...appKeys),
    env.DB.prepare(`SELECT * FROM organizations WHERE id IN (SELECT organization_id FROM tenants WHERE app_key IN (${placeholders})) ORDER BY id`).bind(...appKeys),
  ];
  const results = await env.DB.batch(statements);
  const state: Record<string, unknown> = {};
  const drop = (table: string, rows: Record<string, unknown>[]) =>
    rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !ignore.includes(`${table}.${column}`) && !ignore.includes(`*.${column}`))));
  for (const [t, n] of Object.entries(results[0]!.results[0] as Record<string, number>)) state[`count:${t}`] = n;
  tenantTables.forEach((t, i) => {
    if (!ignore.includes(`${t}.*`)) state[`rows:${t}`] = drop(t, results[1 + i]!.results as Record<string, unknown>[]);
  });
  state['rows:tenants'] = drop('tenants', results[1 + tenantTables.length]!.results as Record<string, unknown>[]);
  state['rows:organizations'] = drop('organizations', results[2 + tenantTables.length]!.results as Record<string, unknown>[]);
  return state;
}

/** The tenant's revision as a check reports it (`X-Revision`), through the Role API. */
export async function revisionOf(t: { appKey: string; secretKey: string }): Promise<number | null> {
  const res = await call(`/role/v3.0/appkeys/${t.appKey}/users/nobody/authorizations/roles`, {
    method: 'POST',
    headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
    body: JSON.stringify({ roles: [{ roleId: 'nobody' }] }),
  });
  await res.body?.cancel();
  const r = res.headers.get('x-revision');
  return r === null ? null : Number(r);
}

// ---------------------------------------------------------------------------------------------
// Running a face
// ---------------------------------------------------------------------------------------------

export interface FaceRun {
  face: string;
  routes: ApiRoute[];
  plan: RequestPlan;
  numRuns: number;
  seed: number;
  /** Observable state of the face's tenant(s); compared around every write answered 4xx. */
  state?: () => Promise<unknown>;
  /** A rejected write whose change is by design (e.g. R-2: a reused refresh token revokes its family); the state is read anew after it. */
  changesByDesign?: (req: HostileRequest, res: Response, body: unknown) => boolean;
  /** Requests for a route, when the generic `requestFor` does not fit the face (form-encoded OAuth). */
  request?: (route: ApiRoute) => fc.Arbitrary<HostileRequest>;
  /** Extra checks of one answer (e.g. `Cache-Control` of token endpoints). */
  check?: (req: HostileRequest, res: Response, pathname: string) => void;
  /** Whether an answer refuses the request; by default any 4xx (the Role API answers HTTP 200 with `isSuccessful: false`). */
  rejected?: (res: Response, body: unknown) => boolean;
}

/** Runs the property over the face's routes and prints the count. Returns what was tried. */
export async function runFace(
  run: FaceRun,
): Promise<{ tried: number; routes: number; rejectedWrites: number; acceptedWrites: number; faulted: number; statuses: Record<number, number>; byRoute: Record<string, number> }> {
  let tried = 0;
  let rejectedWrites = 0;
  let acceptedWrites = 0;
  const refused = run.rejected ?? ((res: Response) => res.status >= 400);
  const statuses: Record<number, number> = {};
  let known: unknown;
  let byDesign = 0;
  const byRoute: Record<string, number> = {};
  let stateMs = 0;
  let sendMs = 0;
  let faulted = 0;
  // Every other write is first sent with D1 failing in the middle of each of its write batches (Z-10).
  const arb = fc.tuple(
    fc.constantFrom(...run.routes).chain((route) => (run.request ? run.request(route) : requestFor(route, run.plan))),
    fc.boolean(),
  );
  await fc.assert(
    fc.asyncProperty(arb, async ([req, withFault]) => {
      tried += 1;
      const write = isWrite(req.method) && run.state !== undefined;
      if (write && withFault) {
        const before = known ?? (await run.state!());
        let batches = 0;
        let statements = 0;
        const writes = (q: string) => /^\s*(insert|update|delete)\b/i.test(q);
        const plan: FaultPlan = {
          d1: {
            beforeBatch: (sql) => {
              if (!sql.some(writes)) return;
              batches += 1;
              return 'fail-midway';
            },
            // A write outside a batch (a single-use claim, a sign-in count, a last-use time) is refused outright.
            beforeStatement: (sql) => {
              if (!writes(sql)) return;
              statements += 1;
              return 'fail';
            },
          },
        };
        const { res, pathname } = await send(req, plan);
        const label = `${summary(req)} [D1 failing in the middle of its write batches, refusing other writes]`;
        if (batches + statements > 0) {
          faulted += 1;
          let body: unknown;
          try {
            // A change (a batch) that failed is a server error. A refused write outside a batch may be
            // bookkeeping the request goes on without (a last-use time): then any well-formed answer.
            body = await expectWellFormed(res, pathname, label, { serverError: batches > 0 ? true : undefined, anyStatus: batches === 0 });
          } catch (err) {
            console.log('hostile-input: failed request (D1 failing)', JSON.stringify({ ...req, route: req.route.template, body: describe(req.body) }).slice(0, 5000));
            throw err;
          }
          const failed = res.status >= 400 || refused(res, body);
          if (batches > 0 || failed) {
            known = await run.state!();
            expect(known, `${label}: the failed write left part of itself behind`).toEqual(before);
          } else known = undefined;
        } else {
          // It reached no write batch: an ordinary answer, judged below when the request is sent for real.
          await res.body?.cancel();
          known = undefined;
        }
      }
      // The state after the last rejected write (or read) is the state before this one.
      let t0 = Date.now();
      const before = write ? (known ?? (await run.state!())) : undefined;
      stateMs += Date.now() - t0;
      t0 = Date.now();
      const { res, pathname } = await send(req);
      sendMs += Date.now() - t0;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const key = `${req.method} ${req.route.template} ${res.status}`;
      byRoute[key] = (byRoute[key] ?? 0) + 1;
      run.check?.(req, res, pathname);
      const label = summary(req);
      let body: unknown;
      try {
        body = await expectWellFormed(res, pathname, label);
      } catch (err) {
        console.log('hostile-input: failed request', JSON.stringify({ ...req, route: req.route.template, body: describe(req.body) }).slice(0, 5000));
        throw err;
      }
      const rejected = refused(res, body);
      if (write && rejected && run.changesByDesign?.(req, res, body)) {
        byDesign += 1;
        known = undefined;
      } else if (write && rejected) {
        rejectedWrites += 1;
        const t1 = Date.now();
        known = await run.state!();
        stateMs += Date.now() - t1;
        expect(known, `${label}: a rejected write changed the tenant's state`).toEqual(before);
      } else if (write) {
        acceptedWrites += 1;
        known = undefined;
      }
    }),
    { numRuns: run.numRuns, seed: run.seed, endOnFailure: true },
  );
  const routeCount = new Set(run.routes.map((r) => `${r.method} ${r.template}`)).size;
  console.log(
    `hostile-input(${run.face}): tried ${tried} requests across ${routeCount} routes (${rejectedWrites} rejected writes left the state unchanged, ${acceptedWrites} writes accepted, ${faulted} writes met D1 failing (mid-batch, or a write refused) and left nothing half-written${byDesign ? `, ${byDesign} changed it by design` : ''}; statuses ${JSON.stringify(statuses)}; ${sendMs} ms in requests, ${stateMs} ms reading state)`,
  );
  return { tried, routes: routeCount, rejectedWrites, acceptedWrites, faulted, statuses, byRoute };
}

const clip = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);

/** One line naming a request, its long parts clipped. */
export function summary(req: HostileRequest): string {
  const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${clip(v, 60)}`);
  return `${req.method} ${clip(req.path)} [${req.route.template}] headers={${headers.join('; ')}} body=${describe(req.body)}`;
}

function describe(body: unknown): string {
  if (body === undefined) return '-';
  if (body instanceof Uint8Array) return `bytes[${body.length}]`;
  const s = String(body);
  return s.length > 200 ? `${s.slice(0, 200)}…(${s.length})` : s;
}

/**
 * Every route that takes a body answers one over 1 MiB with `status` (sent with a known length, and
 * streamed without one), in the face's format. Returns how many requests were sent.
 */
export async function expectOversizedRejected(routes: ApiRoute[], fill: (route: ApiRoute) => string, headers: (route: ApiRoute) => Record<string, string>, status: number): Promise<number> {
  let n = 0;
  for (const route of routes.filter((r) => r.body !== null)) {
    for (const body of [OVERSIZED_JSON, streamed(OVERSIZED_JSON)]) {
      const type = route.body?.kind === 'raw' ? route.body.types[0]! : 'application/json';
      const { res, pathname } = await send({ method: route.method, path: fill(route), headers: { ...headers(route), 'content-type': type }, body });
      const label = `${route.method} ${route.template} with ${typeof body === 'string' ? 'a' : 'a streamed'} body of ${OVERSIZED_JSON.length} bytes`;
      expect(res.status, label).toBe(status);
      await expectWellFormed(res, pathname, label);
      n += 1;
    }
  }
  return n;
}

/** Credentials that must never get in: none, garbage, truncated, huge, the wrong scheme. */
export const BAD_CREDENTIALS: Record<string, string>[] = [
  {},
  { authorization: 'Bearer garbage' },
  { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }, // alg:none
  { authorization: `Bearer ${'A'.repeat(100_000)}` },
  { authorization: 'Basic Og==' },
  { authorization: 'Bearer' },
  { authorization: 'Bearer  ' },
  { 'x-secret-key': 'wrong' },
];

/** Mostly `good` (one of them), sometimes `bad` (BAD_CREDENTIALS and these). */
export function mostlyValid(good: Record<string, string>[], bad: Record<string, string>[] = [], goodWeight = 17): fc.Arbitrary<Record<string, string>> {
  return fc.oneof({ weight: goodWeight, arbitrary: fc.constantFrom(...good) }, { weight: 20 - goodWeight, arbitrary: fc.constantFrom(...BAD_CREDENTIALS, ...bad) });
}

/** The `{name}` placeholders of a template replaced by `ids[name][0]` (or a uuid nobody has). */
export function fillTemplate(template: string, ids: Record<string, string[]>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(ids[name]?.[0] ?? '00000000-0000-4000-8000-000000000000'));
}
