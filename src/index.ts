import { createApp } from './app';
import type { Env } from './env';
import { purgeExpired } from './domain/lifecycle/purge';
import { buildDeps } from './storage/deps';

export { EdgeIamRpc } from './faces/rpc';
export { TenantCoordinator } from './storage/coordinator';
export { AbuseCounter } from './storage/abuse-counter';

const app = createApp();

export default {
  fetch: app.fetch,
  /** Cron trigger (wrangler.toml `[triggers]`): the lifecycle purge; the report (counts only) is logged. */
  async scheduled(controller, env) {
    const report = await purgeExpired(buildDeps(env));
    console.log(JSON.stringify({ level: 'info', event: 'purge', cron: controller.cron, ...report }));
  },
} satisfies ExportedHandler<Env>;
