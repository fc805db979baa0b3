import { z } from '@hono/zod-openapi';
import type { UserEmail } from '../../domain/identity/account';

/** intdash's email object (also each item of a user's `emails`). */
export const EmailSchema = z
  .object({ id: z.number().int(), address: z.string(), verified: z.boolean(), created_at: z.string(), updated_at: z.string() })
  .openapi('UserEmail');

export const emailWire = (e: UserEmail) => ({ id: e.id, address: e.address, verified: e.verified, created_at: e.createdAt, updated_at: e.updatedAt });
