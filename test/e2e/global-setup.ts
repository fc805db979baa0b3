import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    origin: string;
    adminToken: string;
    keyEncryptionKey: string;
    /** The file wrangler dev's stdout and stderr go to (read by test/e2e/secrets-in-logs.e2e.ts). */
    devLog: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const wrangler = join(root, 'node_modules/.bin/wrangler');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

let dev: ChildProcess | undefined;
let state: string | undefined;

/** Starts `wrangler dev` on a free 127.0.0.1 port with its own state, and stops it afterwards. */
export async function setup(project: TestProject) {
  state = mkdtempSync(join(tmpdir(), 'edge-iam-e2e-'));
  const adminToken = randomBytes(16).toString('hex');
  const kek = randomBytes(32).toString('base64url');
  const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state], { cwd: root, env: { ...process.env, CI: 'true' }, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}`);
  const port = await freePort();
  const devLog = join(state, 'wrangler-dev.log');
  const logFd = openSync(devLog, 'a');
  dev = spawn(
    wrangler,
    ['dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', state, '--var', `ADMIN_TOKEN:${adminToken}`, '--var', `KEY_ENCRYPTION_KEY:${kek}`],
    { cwd: root, stdio: ['ignore', logFd, logFd], env: { ...process.env, CI: 'true' } },
  );
  closeSync(logFd);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (await fetch(`${origin}/healthz`).then((r) => r.ok).catch(() => false)) {
      project.provide('origin', origin);
      project.provide('adminToken', adminToken);
      project.provide('keyEncryptionKey', kek);
      project.provide('devLog', devLog);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('wrangler dev did not become healthy within 90 s');
}

export async function teardown() {
  dev?.kill('SIGTERM');
  if (state) rmSync(state, { recursive: true, force: true });
}
