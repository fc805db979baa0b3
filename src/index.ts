import { createApp } from './app';
import type { Env } from './env';

export { EdgeIamRpc } from './faces/rpc';
export { TenantCoordinator } from './storage/coordinator';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
