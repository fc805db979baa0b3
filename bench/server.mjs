// The local server the bench scripts measure: the Worker built by `wrangler deploy --dry-run`,
// served through Miniflare's API on 127.0.0.1 (same runtime, bindings and code as `wrangler dev`,
// without its proxy), with the D1 migrations applied. Used by bench/run.mjs and bench/soak.mjs.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const ADMIN_TOKEN = 'bench-admin-token';
export const KEY_ENCRYPTION_KEY = 'YmVuY2gta2V5LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU';

const VERIFIER_SCRIPT = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const token = (request.headers.get('authorization') || '').slice(7);
    try {
      const claims = await env.IAM.verifyToken(url.searchParams.get('appKey'), token);
      return new Response(claims.sub);
    } catch {
      return new Response('invalid', { status: 401 });
    }
  },
};`;

/** Bundles the Worker into `bench/<dir>` (removed by the caller). */
export function build(dir = '.build') {
  const out = join(root, 'bench', dir);
  rmSync(out, { recursive: true, force: true });
  const res = spawnSync(join(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', out], { cwd: root, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`build failed:\n${res.stderr}`);
  return out;
}

/**
 * Serves the bundle on 127.0.0.1 (a free port) with fresh in-memory D1, KV and Durable Objects,
 * and a second Worker (`verifier.bench`) verifying tokens through the RPC binding. `onLog`
 * receives every line the Worker logs (`{timestamp, level, message}`).
 */
export async function start(bundleDir, { onLog } = {}) {
  // Bindings and flags as wrangler.toml declares them, so the bench serves what `wrangler dev` would.
  const declared = unstable_getMiniflareWorkerOptions(join(root, 'wrangler.toml')).workerOptions;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port: 0,
      ...(onLog ? { handleStructuredLogs: onLog } : {}),
      workers: [
        {
          name: 'edge-iam',
          modules: true,
          scriptPath: join(bundleDir, 'index.js'),
          modulesRoot: bundleDir,
          compatibilityDate: declared.compatibilityDate,
          compatibilityFlags: declared.compatibilityFlags,
          d1Databases: Object.keys(declared.d1Databases ?? {}),
          kvNamespaces: Object.keys(declared.kvNamespaces ?? {}),
          durableObjects: declared.durableObjects,
          bindings: { ADMIN_TOKEN, KEY_ENCRYPTION_KEY },
        },
        {
          // A resource server verifying tokens through the RPC binding, as another Worker would.
          name: 'verifier',
          modules: true,
          script: VERIFIER_SCRIPT,
          compatibilityDate: '2026-10-20',
          routes: ['verifier.bench/*'],
          serviceBindings: { IAM: { name: 'edge-iam', entrypoint: 'EdgeIamRpc' } },
        },
      ],
    }),
  );
  const url = await mf.ready;
  const db = await mf.getD1Database('DB', 'edge-iam');
  for (const file of readdirSync(join(root, 'migrations')).filter((f) => f.endsWith('.sql')).sort()) {
    for (const stmt of readFileSync(join(root, 'migrations', file), 'utf8').split('--> statement-breakpoint')) {
      // A piece holding only comments is no statement (D1 refuses it).
      const code = stmt.split('\n').filter((line) => !line.trim().startsWith('--')).join('\n');
      if (code.trim()) await db.prepare(stmt).run();
    }
  }
  return { mf, url: url.toString().replace(/\/$/, ''), db };
}
