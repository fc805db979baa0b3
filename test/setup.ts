import { applyD1Migrations, env } from 'cloudflare:test';

// Idempotent: applied once per test file's isolated storage.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
