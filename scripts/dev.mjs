// `npm run dev`: local server with migrations applied and a usable tenant.
//   ADMIN_TOKEN=<t> PORT=<p> npm run dev
// Secrets come from .dev.vars (git-ignored), generated on first run; ADMIN_TOKEN from the
// environment wins over the file.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const varsFile = `${root}.dev.vars`;
const port = Number(process.env.PORT ?? 8787);
const origin = `http://127.0.0.1:${port}`;
const wrangler = `${root}node_modules/.bin/wrangler`;

/** Secrets the Worker needs; each is generated into .dev.vars when missing. */
const GENERATED_SECRETS = {
  ADMIN_TOKEN: () => randomBytes(24).toString('base64url'),
  KEY_ENCRYPTION_KEY: () => randomBytes(32).toString('base64url'),
};

function ensureDevVars() {
  const text = existsSync(varsFile) ? readFileSync(varsFile, 'utf8') : '';
  const present = new Set(text.split('\n').map((l) => l.split('=')[0]?.trim()));
  const added = Object.entries(GENERATED_SECRETS)
    .filter(([name]) => !present.has(name))
    .map(([name, make]) => `${name}=${make()}`);
  if (added.length) {
    writeFileSync(varsFile, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${added.join('\n')}\n`, { mode: 0o600 });
    console.log(`[dev] generated ${added.map((l) => l.split('=')[0]).join(', ')} into .dev.vars`);
  }
  const vars = Object.fromEntries(
    readFileSync(varsFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]),
  );
  return vars;
}

const vars = ensureDevVars();
const adminToken = process.env.ADMIN_TOKEN || vars.ADMIN_TOKEN;

console.log('[dev] applying D1 migrations (local)…');
const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CI: 'true' },
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const args = ['dev', '--port', String(port), '--ip', '127.0.0.1', '--var', `ADMIN_TOKEN:${adminToken}`];
if (process.env.ISSUER_ORIGIN) args.push('--var', `ISSUER_ORIGIN:${process.env.ISSUER_ORIGIN}`);
const server = spawn(wrangler, args, { cwd: root, stdio: 'inherit', env: process.env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));

async function waitForHealth() {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** A tenant `dev` to play with; its secret is shown once, so a restart issues a new one. */
async function ensureDevTenant() {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const created = await fetch(`${origin}/admin/v1/tenants`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'Local development', appKey: 'dev' }),
  });
  if (created.status === 201) return created.json();
  const rotated = await fetch(`${origin}/admin/v1/tenants/dev/secret-key/rotate`, { method: 'POST', headers });
  return rotated.ok ? rotated.json() : null;
}

if (await waitForHealth()) {
  const tenant = await ensureDevTenant().catch(() => null);
  console.log(`
[dev] edge-iam is running at ${origin}
[dev]   API docs:        ${origin}/docs   (OpenAPI: ${origin}/openapi.json)
[dev]   operator token:  ADMIN_TOKEN from .dev.vars (or your environment)
[dev]   dev tenant:      appKey=${tenant?.appKey ?? '(not created)'} secretKey=${tenant?.secretKey ?? '(see README)'}
[dev]   try:             curl -H 'X-Secret-Key: ${tenant?.secretKey ?? '<secret>'}' ${origin}/role/v3.0/appkeys/dev/scopes/ALL
[dev]   new tenant:      curl -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' \\
[dev]                      -d '{"name":"my app"}' ${origin}/admin/v1/tenants
`);
} else {
  console.error('[dev] the server did not become healthy in time');
}
