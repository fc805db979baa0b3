import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const PROJECT = 'edge-iam';

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: here('../wrangler.toml') },
      miniflare: {
        // The example gateway Worker, calling this Worker's RPC entrypoint through a real service binding.
        serviceBindings: { GATEWAY: 'gateway' },
        workers: [
          {
            name: 'gateway',
            modules: true,
            scriptPath: here('../examples/gateway/src/index.js'),
            compatibilityDate: '2026-10-20',
            bindings: { APP_KEY: 'unused' },
            // The pool runs the main Worker as `vitest-plugin-runner-<project name>`.
            serviceBindings: { IAM: { name: `vitest-plugin-runner-${PROJECT}`, entrypoint: 'EdgeIamRpc' } },
          },
        ],
        bindings: {
          ADMIN_TOKEN: 'test-admin-token',
          // 32 bytes, base64url: test-only key-encryption key.
          KEY_ENCRYPTION_KEY: 'dGVzdC1rZXktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM',
          TEST_MIGRATIONS: await readD1Migrations(here('../migrations')),
        },
      },
    })),
  ],
  test: {
    name: PROJECT,
    root: here('..'),
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    setupFiles: [here('./setup.ts')],
    testTimeout: 30_000,
  },
});
