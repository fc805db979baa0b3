import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: here('../wrangler.toml') },
      miniflare: {
        bindings: {
          ADMIN_TOKEN: 'test-admin-token',
          TEST_MIGRATIONS: await readD1Migrations(here('../migrations')),
        },
      },
    })),
  ],
  test: {
    root: here('..'),
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    setupFiles: [here('./setup.ts')],
    testTimeout: 30_000,
  },
});
