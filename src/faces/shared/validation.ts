import type { z } from '@hono/zod-openapi';

/** One readable line naming the first offending field, e.g. `users.0.userId: expected string`. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const where = issue.path.length ? issue.path.map(String).join('.') : 'body';
  return `${where}: ${issue.message}`;
}
