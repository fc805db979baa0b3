import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** End-to-end tests: real OAuth clients in Node against `wrangler dev` on 127.0.0.1. */
export default defineConfig({
  test: {
    name: 'e2e',
    root: here('../..'),
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: [here('./global-setup.ts')],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
