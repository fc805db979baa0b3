// `npm run bench`: serves the Worker through Miniflare's API on 127.0.0.1 (same runtime, bindings
// and code as `wrangler dev`, without its proxy), seeds three tenant sizes, and drives each with
// autocannon for a bounded time. Every figure is reported next to a bare route of the same server,
// measured in the same run. Writes bench/results/latest.md.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { seedTenant } from './seed.mjs';
import { ADMIN_TOKEN, build, root, start } from './server.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SIZES = [
  { name: 'small', users: 100, resources: 50, depth: 2 },
  { name: 'medium', users: 10_000, resources: 2_000, depth: 5 },
  { name: 'large', users: 100_000, resources: 20_000, depth: 10 },
].filter((s) => !process.env.BENCH_SIZES || process.env.BENCH_SIZES.split(',').includes(s.name));

async function load(opts) {
  // One unmeasured second first, so that JIT warm-up does not land in the figures.
  await autocannon({ connections: CONNECTIONS, duration: 1, ...opts });
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  const errors = result.errors + result.non2xx + result.timeouts;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors };
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function benchSize(server, size) {
  const created = await (
    await fetch(`${server.url}/admin/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `bench ${size.name}`, appKey: `bench-${size.name}` }),
    })
  ).json();
  const t0 = performance.now();
  await seedTenant(server.db, created.appKey, size);
  const seedSeconds = (performance.now() - t0) / 1000;
  const base = `${server.url}/role/v3.0/appkeys/${created.appKey}`;
  const headers = { 'x-secret-key': created.secretKey, 'content-type': 'application/json' };
  // The seed bypassed the API, so evict: the next check builds a fresh snapshot.
  const evict = await fetch(`${base}/config/cache-evict`, { method: 'PUT', headers });
  const revision = Number(evict.headers.get('x-revision'));
  const mid = Math.floor(size.resources / 2);
  const item = { operationId: 'GET', resourcePath: `/api/v1/items${mid}/42`, attributes: [{ attributeId: 'level', attributeValue: '5' }] };
  const checkBody = JSON.stringify({ resources: [item] });
  const checkUrl = `${base}/users/user-${Math.floor(size.users / 2)}/authorizations/resources`;

  const cold0 = performance.now();
  const first = await (await fetch(checkUrl, { method: 'POST', headers, body: checkBody })).json();
  const snapshotMs = performance.now() - cold0;
  if (first.authorizations?.[0]?.permission !== true) throw new Error(`sanity check failed for ${size.name}: ${JSON.stringify(first)}`);
  const kv = await server.mf.getKVNamespace('CACHE', 'edge-iam');
  // `snap:v{n}:{appKey}:{revision}`, whatever the layout version (src/storage/decision-cache.ts).
  const snapKey = (await kv.list({ prefix: 'snap:' })).keys.map((k) => k.name).find((name) => name.endsWith(`:${created.appKey}:${revision}`));
  const snapshotBytes = snapKey ? ((await kv.get(snapKey))?.length ?? 0) : 0;

  const batch = JSON.stringify({
    resources: Array.from({ length: 100 }, (_, i) => ({ ...item, resourcePath: `/api/v1/items${(mid + i) % size.resources}/${i}` })),
  });
  const rows = {
    bare: await load({ url: `${server.url}/healthz` }),
    barePost: await load({ url: `${server.url}/healthz`, method: 'POST', headers, body: checkBody }),
    cached: await load({ url: checkUrl, method: 'POST', headers, body: checkBody }),
    fresh: await load({ url: checkUrl, method: 'POST', headers: { ...headers, 'x-min-revision': String(revision) }, body: checkBody }),
    batch: await load({ url: checkUrl, method: 'POST', headers, body: batch }),
  };
  return { size, seedSeconds, snapshotMs, snapshotBytes, rows };
}

/** Token issuance (client_credentials) next to the bare route of the same server. */
async function benchTokens(server) {
  const t = await (
    await fetch(`${server.url}/admin/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench tokens' }),
    })
  ).json();
  const c = await (
    await fetch(`${server.url}/t/${t.appKey}/v1/oauth2-clients`, {
      method: 'POST',
      headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' }),
    })
  ).json();
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: c.client_id, client_secret: c.client_secret }).toString();
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const issued = await (await fetch(`${server.url}/t/${t.appKey}/oauth2/token`, { method: 'POST', headers: form, body })).json();
  return {
    bare: await load({ url: `${server.url}/healthz` }),
    issue: await load({ url: `${server.url}/t/${t.appKey}/oauth2/token`, method: 'POST', headers: form, body }),
    verify: await load({ url: `${server.url}/?appKey=${t.appKey}`, headers: { host: 'verifier.bench', authorization: `Bearer ${issued.access_token}` } }),
    jwks: await load({ url: `${server.url}/t/${t.appKey}/.well-known/jwks.json` }),
  };
}

/** The Identity API's HTTP check (intdash) next to the bare route of the same server. */
async function benchIdentity(server) {
  const t = await (
    await fetch(`${server.url}/admin/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench identity' }),
    })
  ).json();
  const api = async (method, path, body, auth = { 'x-secret-key': t.secretKey }) => {
    const res = await fetch(`${server.url}/t/${t.appKey}/v1${path}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const roles = await api('GET', '/roles?per_page=200');
  const roleId = (name) => roles.items.find((r) => r.name === name).uuid;
  const user = await api('POST', '/users', { name: 'bench-user', role_uuids: [roleId('member')] });
  const group = await api('POST', '/groups', { name: 'bench-group' });
  await api('POST', `/groups/${group.uuid}/members`, { user_uuid: user.uuid, role_uuids: [roleId('admin')] });
  const { token } = await api('POST', `/users/${user.uuid}/api-tokens`, { name: 'bench' });
  const url = `${server.url}/t/${t.appKey}/v1/authorization/http`;
  const groupBody = JSON.stringify({ subject: user.uuid, scopes: ['me'], path: `/v1/groups/${group.uuid}/members`, method: 'GET' });
  const sanity = await (await fetch(url, { method: 'POST', headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' }, body: groupBody })).json();
  if (sanity.result !== true) throw new Error(`identity sanity check failed: ${JSON.stringify(sanity)}`);
  return {
    bare: await load({ url: `${server.url}/healthz` }),
    group: await load({ url, method: 'POST', headers: { 'x-secret-key': t.secretKey, 'content-type': 'application/json' }, body: groupBody }),
    me: await load({
      url: `${url}/me`,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/v1/me/roles', method: 'GET' }),
    }),
  };
}

/** The same small tenant and the rows (a)/(b) through `wrangler dev`, whose local proxy caps throughput. */
async function wranglerDevPass() {
  const persist = join(root, 'bench/.build/wrangler-state');
  const port = 8900 + Math.floor(Math.random() * 90);
  const wrangler = join(root, 'node_modules/.bin/wrangler');
  spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], { cwd: root, env: { ...process.env, CI: 'true' } });
  const dev = spawn(wrangler, ['dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persist, '--var', `ADMIN_TOKEN:${ADMIN_TOKEN}`], {
    cwd: root,
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 240; i++) {
      if (await fetch(`${url}/healthz`).then((r) => r.ok).catch(() => false)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const t = await (
      await fetch(`${url}/admin/v1/tenants`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench dev' }) })
    ).json();
    const base = `${url}/role/v3.0/appkeys/${t.appKey}`;
    const headers = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const call = (method, path, body) => fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body) });
    await call('POST', '/roles', { role: { roleId: 'R', exposureOrder: 0 } });
    await call('POST', '/operations', { operationId: 'GET' });
    await call('POST', '/resources', { resourceId: 'r', uiPath: '/R', path: '/api/v1/items/{id}', priority: 0 });
    await call('POST', '/resources/r/authorizations', { roleId: 'R', operationId: 'GET' });
    await call('POST', '/users', { users: [{ userId: 'u', roleRelations: [{ roleId: 'R', scopeId: 'ALL' }] }] });
    const body = JSON.stringify({ resources: [{ operationId: 'GET', resourcePath: '/api/v1/items/42' }] });
    return {
      bare: await load({ url: `${url}/healthz` }),
      cached: await load({ url: `${base}/users/u/authorizations/resources`, method: 'POST', headers, body }),
    };
  } finally {
    dev.kill('SIGTERM');
  }
}

function report(results, devPass, tokens, identity) {
  const lines = [
    '# Benchmark',
    '',
    `Command: \`npm run bench\` (autocannon, ${CONNECTIONS} connections, ${DURATION} s per row, Worker served by Miniflare's API on 127.0.0.1).`,
    `Run at ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}.`,
    '',
    '(a) bare route `GET /healthz` of the same server; (b) cached resource check (1 item, conditional relation, path match);',
    '(c) the same check sent with `X-Min-Revision` = the revision of the last write (the read-your-writes path: answered',
    '    from memory once the isolate knows that revision, from the Durable Object and a rebuilt snapshot when it does not);',
    "(d) one request checking 100 items. (a') is the transport floor of a POST carrying the check's body to a route that",
    'does nothing (it answers 404): the gap between (a) and (b) is mostly that floor. Ratios are requests/s relative to (a).',
    '',
    '| size | users / resources / depth | row | req/s | p50 ms | p99 ms | ratio to (a) | errors |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const shape = `${fmt(r.size.users)} / ${fmt(r.size.resources)} / ${r.size.depth}`;
    for (const [key, label] of [['bare', '(a) bare route'], ['barePost', "(a') bare route, POST with the check's body"], ['cached', '(b) cached check'], ['fresh', '(c) X-Min-Revision check'], ['batch', '(d) 100-item batch']]) {
      const row = r.rows[key];
      // (a') answers 404 by design (no such POST route): it measures reading a request body, not an error.
      const errors = key === 'barePost' ? '—' : row.errors;
      lines.push(`| ${r.size.name} | ${shape} | ${label} | ${fmt(row.rps)} | ${row.p50} | ${row.p99} | ${fmt(row.rps / r.rows.bare.rps, 2)} | ${errors} |`);
    }
  }
  if (tokens) {
    lines.push(
      '',
      'Token service, same Miniflare server:',
      '',
      '| row | req/s | p50 ms | p99 ms | ratio to (a) | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...[['bare', '(a) bare route'], ['issue', '(e) client_credentials token (ES256 signature)'], ['verify', '(g) verifyToken over RPC from another Worker'], ['jwks', '(f) JWKS']].map(
        ([k, label]) => `| ${label} | ${fmt(tokens[k].rps)} | ${tokens[k].p50} | ${tokens[k].p99} | ${fmt(tokens[k].rps / tokens.bare.rps, 2)} | ${tokens[k].errors} |`,
      ),
    );
  }
  if (identity) {
    lines.push(
      '',
      'Identity API HTTP check (intdash), same Miniflare server:',
      '',
      '| row | req/s | p50 ms | p99 ms | ratio to (a) | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...[
        ['bare', '(a) bare route'],
        ['group', '(h) `POST /authorization/http`, subject in a group, group path (X-Secret-Key)'],
        ['me', '(i) `POST /authorization/http/me` with an API token (caller resolved, then checked)'],
      ].map(([k, label]) => `| ${label} | ${fmt(identity[k].rps)} | ${identity[k].p50} | ${identity[k].p99} | ${fmt(identity[k].rps / identity.bare.rps, 2)} | ${identity[k].errors} |`),
    );
  }
  if (devPass) {
    lines.push(
      '',
      'Second column: the same Worker through `wrangler dev` (small tenant seeded through the API), whose local proxy caps any route:',
      '',
      '| server | row | req/s | p50 ms | p99 ms | ratio to (a) | errors |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
      `| wrangler dev | (a) bare route | ${fmt(devPass.bare.rps)} | ${devPass.bare.p50} | ${devPass.bare.p99} | 1.00 | ${devPass.bare.errors} |`,
      `| wrangler dev | (b) cached check | ${fmt(devPass.cached.rps)} | ${devPass.cached.p50} | ${devPass.cached.p99} | ${fmt(devPass.cached.rps / devPass.bare.rps, 2)} | ${devPass.cached.errors} |`,
    );
  }
  lines.push('', '| size | snapshot build (first check after evict, ms) | snapshot size (KV JSON) | seeding (s) |', '| --- | ---: | ---: | ---: |');
  for (const r of results) lines.push(`| ${r.size.name} | ${fmt(r.snapshotMs, 1)} | ${fmt(r.snapshotBytes / 1024, 1)} KiB | ${fmt(r.seedSeconds, 1)} |`);
  return `${lines.join('\n')}\n`;
}

const bundle = build();
const server = await start(bundle);
try {
  const results = [];
  for (const size of SIZES) {
    console.log(`[bench] ${size.name}…`);
    results.push(await benchSize(server, size));
  }
  const tokens = await benchTokens(server);
  const identity = await benchIdentity(server);
  await server.mf.dispose();
  const devPass = process.env.BENCH_SKIP_WRANGLER_DEV ? undefined : await wranglerDevPass();
  const md = report(results, devPass, tokens, identity);
  writeFileSync(join(root, 'bench/results/latest.md'), md);
  console.log(md);
} finally {
  await server.mf.dispose().catch(() => undefined);
  rmSync(bundle, { recursive: true, force: true });
}
