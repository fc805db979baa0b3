import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, type DomainErrorKind } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { logError } from '../shared/log';
import { jsonContent } from '../shared/openapi';
import { describeZodError } from '../shared/validation';

export { jsonContent };

const STATUS: Record<DomainErrorKind, 400 | 401 | 403 | 404 | 409> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('AdminError');

export function adminFailure(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 500, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

export function adminApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return adminFailure(c, 400, 'invalid', describeZodError(result.error));
    },
  });
}

export function adminErrorHandler(err: Error, c: Context<AppEnv>) {
  if (err instanceof DomainError) return adminFailure(c, STATUS[err.kind], err.code, err.message);
  if (err instanceof HTTPException && err.status < 500) return adminFailure(c, 400, 'invalid', err.message || 'invalid request');
  logError(c, err);
  return adminFailure(c, 500, 'internal', 'internal error');
}


/** The error answers every operator route may give. */
export const adminErrors = {
  400: jsonContent(errorSchema, 'Invalid request'),
  401: jsonContent(errorSchema, 'Missing or wrong operator token'),
  404: jsonContent(errorSchema, 'Not found'),
  409: jsonContent(errorSchema, 'Conflict'),
};
