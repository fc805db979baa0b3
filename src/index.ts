import { createApp } from './app';
import type { Env } from './env';

export { TenantCoordinator } from './storage/coordinator';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
