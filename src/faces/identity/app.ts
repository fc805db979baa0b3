import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, type DomainErrorKind } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { logError } from '../shared/log';
import { bearerChallenge } from '../shared/bearer-challenge';
import { describeZodError } from '../shared/validation';

const STATUS: Record<DomainErrorKind, 400 | 401 | 403 | 404 | 409> = { invalid: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409 };

/** intdash's error body: `{type, title}` (e.g. `{"type": "forbidden", "title": "…"}`). */
export function identityFailure(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 500, type: string, title: string) {
  if (status === 401) c.header('WWW-Authenticate', bearerChallenge(c));
  return c.json({ type, title }, status);
}

/** H-1: a body over the 1 MiB limit (`jsonBody`'s `onTooLarge`). */
export const identityTooLarge = (c: Context) => identityFailure(c, 413, 'payload_too_large', 'request body is larger than 1 MiB');

export function identityApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return identityFailure(c, 400, 'invalid_request', describeZodError(result.error));
    },
  });
}

export function identityErrorHandler(err: Error, c: Context<AppEnv>) {
  if (err instanceof DomainError) return identityFailure(c, STATUS[err.kind], err.kind, err.message);
  if (err instanceof HTTPException && err.status < 500) return identityFailure(c, 400, 'invalid_request', err.message || 'invalid request');
  logError(c, err);
  return identityFailure(c, 500, 'server_error', 'internal error');
}
