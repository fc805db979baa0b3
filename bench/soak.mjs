// `npm run soak`: mixed traffic for SOAK_SECONDS (default 60) at the Worker served by Miniflare's
// API on 127.0.0.1 (bench/server.mjs), from SOAK_CONNECTIONS (default 16) concurrent clients, each
// sending one request at a time: 85 % checks (Role API resource checks and Identity API
// `/authorization/http`, half of them with `X-Min-Revision`), 5 % client_credentials token
// issuance, 10 % Role API writes that flip a checked decision (a user's role in scope ALL). Every
// check is audited against the writes: a check that started after a write's response was received
// must reflect that write (unless a later write of the same user was already in flight). Reports
// requests/s, p50/p99, errors and the audit, and scans every line the Worker logged for the
// secrets the run used. Writes bench/results/soak-latest.md; exits non-zero on any error, audit
// violation or leaked secret. SOAK_MIX (e.g. `check-role-api=0.5,check-http=0.5`) changes the mix
// for experiments; SOAK_PRINT_LOGS=1 prints what the Worker logged.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, build, KEY_ENCRYPTION_KEY, root, start } from './server.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 16);
const USERS = 32;
const REQUEST_TIMEOUT_MS = 10_000;
const MIX = (process.env.SOAK_MIX ?? 'check-role-api=0.425,check-http=0.425,token=0.05,write=0.1').split(',').map((p) => {
  const [k, w] = p.split('=');
  return [k, Number(w)];
});

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS + 4 });
let base;

/** One HTTP request on a kept-alive connection: `{status, headers, body}` (body parsed when JSON). */
function request(method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(
      `${base}${path}`,
      { method, agent, headers: { ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...headers }, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          if ((res.headers['content-type'] ?? '').includes('json')) {
            try {
              parsed = JSON.parse(text);
            } catch {
              /* left as text */
            }
          }
          resolve({ status: res.statusCode, headers: res.headers, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

async function must(res, status, what) {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * The soak tenant, set up through the APIs: permission `docs-read` (GET under a group's /docs)
 * held by role `docs`, which the Role API also grants `GET /docs/{id}`; a group every user belongs
 * to; USERS users, the even ones holding `docs` at the start; a client_credentials client.
 */
async function setup() {
  const op = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const tenant = await must(request('POST', '/admin/v1/tenants', { headers: op, body: { name: 'soak' } }), 201, 'tenant');
  const sk = { 'x-secret-key': tenant.secretKey };
  const v1 = (p) => `/t/${tenant.appKey}/v1${p}`;
  const role = (p) => `/role/v3.0/appkeys/${tenant.appKey}${p}`;
  const scope = await must(request('POST', v1('/scopes'), { headers: sk, body: { name: 'docs-read', allowed_endpoints: [{ method: 'GET', path: '/v1/groups/*/docs/**' }], denied_endpoints: [] } }), 201, 'scope');
  const docs = await must(request('POST', v1('/roles'), { headers: sk, body: { name: 'docs', scope_uuids: [scope.uuid] } }), 201, 'role');
  const group = await must(request('POST', v1('/groups'), { headers: sk, body: { name: 'readers' } }), 201, 'group');
  for (const [path, body] of [
    ['/operations', { operationId: 'GET' }],
    ['/resources', { resourceId: 'docs', uiPath: '/Docs', path: '/docs/{id}', priority: 0 }],
    ['/resources/docs/authorizations', { roleId: docs.uuid, operationId: 'GET' }],
  ]) {
    const r = await must(request('POST', role(path), { headers: sk, body }), 200, path);
    if (r.header.resultCode !== 0) throw new Error(`${path}: ${JSON.stringify(r)}`);
  }
  const users = [];
  for (let i = 0; i < USERS; i++) {
    const holds = i % 2 === 0;
    const u = await must(request('POST', v1('/users'), { headers: sk, body: { name: `soak-${i}`, role_uuids: holds ? [docs.uuid] : [] } }), 201, 'user');
    await must(request('POST', v1(`/groups/${group.uuid}/members`), { headers: sk, body: { user_uuid: u.uuid, role_uuids: [] } }), 201, 'member');
    users.push({ id: u.uuid, holds, writes: [], writing: false });
  }
  const client = await must(
    request('POST', v1('/oauth2-clients'), { headers: sk, body: { name: 'soak', grant_type: 'client_credentials', token_endpoint_auth_method: 'client_secret_post' } }),
    201,
    'client',
  );
  return { tenant, docs: docs.uuid, group: group.uuid, users, client };
}

const now = () => performance.now();

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The Role API decision and the Identity API decision of `user`, as requests to send. */
function checkRequest(ctx, kind, user, minRevision) {
  const headers = { 'x-secret-key': ctx.tenant.secretKey, ...(minRevision ? { 'x-min-revision': String(minRevision) } : {}) };
  if (kind === 'check-role-api') {
    return {
      method: 'POST',
      path: `/role/v3.0/appkeys/${ctx.tenant.appKey}/users/${user.id}/authorizations/resources`,
      headers,
      body: { resources: [{ operationId: 'GET', resourcePath: `/docs/${Math.floor(Math.random() * 1000)}` }] },
      decision: (r) => (r.status === 200 && r.body?.header?.resultCode === 0 ? r.body.authorizations[0].permission : undefined),
    };
  }
  return {
    method: 'POST',
    path: `/t/${ctx.tenant.appKey}/v1/authorization/http`,
    headers,
    body: { subject: user.id, scopes: [], path: `/v1/groups/${ctx.group}/docs/${Math.floor(Math.random() * 1000)}`, method: 'GET' },
    decision: (r) => (r.status === 200 && typeof r.body?.result === 'boolean' ? r.body.result : undefined),
  };
}

/**
 * Which answers a check of `user` that ran from `t0` to `t1` may give: the state after the last
 * write whose response arrived before `t0`, or the state of any write sent before `t1` whose
 * response had not arrived by `t0` (it may or may not be visible yet).
 */
function acceptable(user, initial, t0, t1) {
  let settled = initial;
  const maybe = new Set();
  for (const w of user.writes) {
    if (w.doneAt !== undefined && w.doneAt < t0) settled = w.value;
    else if (w.sentAt < t1) maybe.add(w.value);
  }
  return { settled, allowed: new Set([settled, ...maybe]), afterWrite: user.writes.some((w) => w.doneAt !== undefined && w.doneAt < t0) };
}

async function soak(ctx, seconds) {
  const stats = new Map(MIX.map(([k]) => [k, { latencies: [], errors: 0, samples: [] }]));
  const audit = { checks: 0, afterWrite: 0, violations: 0, withMinRevision: 0, withMinRevisionViolations: 0, examples: [] };
  const initial = new Map(ctx.users.map((u) => [u.id, u.holds]));
  let lastRevision = 0;
  const tokens = [];
  const deadline = now() + seconds * 1000;
  const pick = () => {
    let r = Math.random();
    for (const [k, w] of MIX) {
      if ((r -= w) < 0) return k;
    }
    return MIX[0][0];
  };
  const record = (kind, ms, ok, sample) => {
    const s = stats.get(kind);
    s.latencies.push(ms);
    if (!ok) {
      s.errors += 1;
      if (s.samples.length < 3) s.samples.push(sample);
    }
  };

  async function one() {
    let kind = pick();
    if (kind === 'write') {
      // One write in flight per user, so that each write's outcome is the user's state.
      const free = ctx.users.filter((u) => !u.writing);
      if (free.length === 0) kind = 'check-role-api';
      else {
        const user = free[Math.floor(Math.random() * free.length)];
        user.writing = true;
        const value = !user.holds;
        const w = { value, sentAt: now(), doneAt: undefined };
        user.writes.push(w);
        try {
          const r = await request('PUT', `/role/v3.0/appkeys/${ctx.tenant.appKey}/users/${user.id}/scopes/ALL`, {
            headers: { 'x-secret-key': ctx.tenant.secretKey },
            body: { user: { roleRelations: value ? [{ roleId: ctx.docs }] : [] } },
          });
          w.doneAt = now();
          const ok = r.status === 200 && r.body?.header?.resultCode === 0;
          if (ok) {
            user.holds = value;
            lastRevision = Math.max(lastRevision, Number(r.headers['x-revision'] ?? 0));
          } else {
            // A failed write changes nothing: its value is no longer a possible state.
            user.writes.pop();
          }
          record('write', w.doneAt - w.sentAt, ok, { status: r.status, body: r.body });
        } catch (err) {
          w.doneAt = now();
          user.writes.pop();
          record('write', w.doneAt - w.sentAt, false, { error: String(err) });
        } finally {
          user.writing = false;
        }
        return;
      }
    }
    if (kind === 'token') {
      const t0 = now();
      try {
        const r = await request('POST', `/t/${ctx.tenant.appKey}/oauth2/token`, {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: ctx.client.client_id, client_secret: ctx.client.client_secret }).toString(),
        });
        const ok = r.status === 200 && typeof r.body?.access_token === 'string';
        if (ok && tokens.length < 50) tokens.push(r.body.access_token);
        record('token', now() - t0, ok, { status: r.status, body: r.body });
      } catch (err) {
        record('token', now() - t0, false, { error: String(err) });
      }
      return;
    }
    const user = ctx.users[Math.floor(Math.random() * ctx.users.length)];
    const useMin = Math.random() < 0.5 && lastRevision > 0;
    const req = checkRequest(ctx, kind, user, useMin ? lastRevision : 0);
    const t0 = now();
    try {
      const r = await request(req.method, req.path, { headers: req.headers, body: req.body });
      const t1 = now();
      const decision = req.decision(r);
      record(kind, t1 - t0, decision !== undefined, { status: r.status, body: r.body });
      if (decision === undefined) return;
      const expected = acceptable(user, initial.get(user.id), t0, t1);
      audit.checks += 1;
      if (expected.afterWrite) audit.afterWrite += 1;
      if (useMin) audit.withMinRevision += 1;
      if (!expected.allowed.has(decision)) {
        audit.violations += 1;
        if (useMin) audit.withMinRevisionViolations += 1;
        if (audit.examples.length < 5) audit.examples.push({ kind, user: user.id, decision, expected: [...expected.allowed], minRevision: useMin ? lastRevision : null });
      }
    } catch (err) {
      record(kind, now() - t0, false, { error: String(err) });
    }
  }

  async function client() {
    while (now() < deadline) await one();
  }
  const t0 = now();
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  return { stats, audit, elapsed: (now() - t0) / 1000, tokens };
}

/** The bare route with the same client and concurrency: the transport floor of this machine. */
async function bare(seconds) {
  const latencies = [];
  let errors = 0;
  const deadline = now() + seconds * 1000;
  const t0 = now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (now() < deadline) {
        const s = now();
        try {
          const r = await request('GET', '/healthz');
          if (r.status !== 200) errors += 1;
        } catch {
          errors += 1;
        }
        latencies.push(now() - s);
      }
    }),
  );
  return { latencies, errors, elapsed: (now() - t0) / 1000 };
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function report({ stats, audit, elapsed }, floor, logs, leaks) {
  const all = [...stats.values()].flatMap((s) => s.latencies).sort((a, b) => a - b);
  const errors = [...stats.values()].reduce((n, s) => n + s.errors, 0);
  const floorSorted = floor.latencies.slice().sort((a, b) => a - b);
  const floorRps = floor.latencies.length / floor.elapsed;
  const rps = all.length / elapsed;
  const labels = {
    'check-role-api': 'Role API resource check',
    'check-http': 'Identity API `/authorization/http`',
    token: 'client_credentials token',
    write: 'Role API write (user role in ALL)',
  };
  const cpu = os.cpus();
  const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout.trim();
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--', 'src', 'migrations', 'wrangler.toml']) !== '';
  const lines = [
    '# Soak',
    '',
    `Command: \`npm run soak\` (${SECONDS} s of mixed traffic, ${CONNECTIONS} concurrent clients each sending one request at a time, Worker served by Miniflare's API on 127.0.0.1).`,
    `Run at ${new Date().toISOString()} on ${process.platform}/${process.arch}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}; the load generator shares the machine.`,
    `Code: commit ${commit}${dirty ? ' with uncommitted changes under src/, migrations/ or wrangler.toml' : ''}.`,
    '',
    `Mix: ${MIX.map(([k, w]) => `${labels[k]} ${Math.round(w * 100)} %`).join(', ')}. Half of the checks carry \`X-Min-Revision\` = the newest revision a write answered;`,
    `one tenant, ${USERS} users in one group, each write flips one user's role \`docs\` in scope ALL (and so both of that user's decisions).`,
    '',
    '| traffic | requests | req/s | p50 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [k, s] of stats) {
    const sorted = s.latencies.slice().sort((a, b) => a - b);
    lines.push(`| ${labels[k]} | ${fmt(sorted.length)} | ${fmt(sorted.length / elapsed)} | ${fmt(percentile(sorted, 50), 1)} | ${fmt(percentile(sorted, 99), 1)} | ${s.errors} |`);
  }
  lines.push(
    `| **all** | ${fmt(all.length)} | **${fmt(rps)}** | ${fmt(percentile(all, 50), 1)} | **${fmt(percentile(all, 99), 1)}** | **${errors}** |`,
    `| bare route \`GET /healthz\`, same client, ${fmt(floor.elapsed, 0)} s before the soak | ${fmt(floor.latencies.length)} | ${fmt(floorRps)} | ${fmt(percentile(floorSorted, 50), 1)} | ${fmt(percentile(floorSorted, 99), 1)} | ${floor.errors} |`,
    '',
    `Mixed traffic runs at ${fmt(rps / floorRps, 2)} of the bare route's requests/s.`,
    '',
    '**Freshness audit.** A check counts as a violation when its answer is neither the state after the last write of that user whose',
    "response arrived before the check was sent, nor the state of a write of that user still in flight while the check ran.",
    '',
    '| checks audited | started after a write of their user had answered | with `X-Min-Revision` | violations | violations with `X-Min-Revision` |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${fmt(audit.checks)} | ${fmt(audit.afterWrite)} | ${fmt(audit.withMinRevision)} | **${audit.violations}** | ${audit.withMinRevisionViolations} |`,
    '',
    `**Logs.** The Worker logged ${fmt(logs)} lines during the run; ${leaks.length === 0 ? 'none contains' : `${leaks.length} contain`} the operator token, the key-encryption key, the tenant's secret key, the client secret or one of ${fmt(50)} issued access tokens.`,
  );
  for (const [k, s] of stats) for (const sample of s.samples) lines.push('', `Error sample (${labels[k]}): \`${JSON.stringify(sample).slice(0, 300)}\``);
  for (const e of audit.examples) lines.push('', `Violation: \`${JSON.stringify(e)}\``);
  for (const l of leaks) lines.push('', `Leak: ${l}`);
  return `${lines.join('\n')}\n`;
}

const logLines = [];
const bundle = build('.build/soak');
const server = await start(bundle, { onLog: (log) => logLines.push(`${log.level} ${log.message}`) });
// However it ends, the process stops: the soak is bounded.
const guard = setTimeout(() => {
  console.error('[soak] did not finish in time; stopping');
  process.exit(2);
}, (SECONDS + 180) * 1000);
guard.unref();
try {
  base = server.url;
  console.log(`[soak] server on ${base}; setting up the tenant…`);
  const ctx = await setup();
  // Warm-up (not measured), then the floor, then the soak.
  await bare(1);
  const floor = await bare(Math.min(5, Math.max(1, Math.round(SECONDS / 12))));
  console.log(`[soak] ${SECONDS} s of mixed traffic, ${CONNECTIONS} clients…`);
  const result = await soak(ctx, SECONDS);
  const secrets = [
    ['operator token', ADMIN_TOKEN],
    ['key-encryption key', KEY_ENCRYPTION_KEY],
    ["tenant's secret key", ctx.tenant.secretKey],
    ['client secret', ctx.client.client_secret],
    ...result.tokens.map((t, i) => [`access token ${i}`, t.split('.')[2]]),
  ];
  const leaks = secrets.filter(([, v]) => logLines.some((l) => l.includes(v))).map(([what]) => what);
  if (process.env.SOAK_PRINT_LOGS) for (const l of logLines) console.log(l.slice(0, 1500));
  const md = report(result, floor, logLines.length, leaks);
  writeFileSync(join(root, 'bench/results/soak-latest.md'), md);
  console.log(md);
  const errors = [...result.stats.values()].reduce((n, s) => n + s.errors, 0);
  process.exitCode = errors === 0 && result.audit.violations === 0 && leaks.length === 0 ? 0 : 1;
} finally {
  agent.destroy();
  await server.mf.dispose().catch(() => undefined);
  rmSync(bundle, { recursive: true, force: true });
}
