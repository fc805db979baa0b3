import type { z } from '@hono/zod-openapi';

/** A JSON response entry for `createRoute({ responses })`. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
