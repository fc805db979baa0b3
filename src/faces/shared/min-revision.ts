import { z } from '@hono/zod-openapi';

/** `X-Min-Revision` (F1): a check answered from data at least this fresh; shared by every face that checks. */
export const minRevisionHeaders = z.object({
  'x-min-revision': z
    .string()
    .regex(/^\d{1,15}$/, 'X-Min-Revision must be a non-negative integer')
    .transform(Number)
    .optional()
    .openapi({ description: 'Answer from data at least this fresh (the X-Revision a write returned)' }),
});
