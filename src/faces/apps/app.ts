import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, type DomainErrorCode, type DomainErrorKind } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { logError } from '../shared/log';
import { jsonContent } from '../shared/openapi';
import { describeZodError } from '../shared/validation';
import { MAX_IMAGE_BYTES } from '../../domain/apps/images';
import { bearerChallenge } from '../shared/bearer-challenge';
import { ImageMeta, imageBodyLimit, imageUploadBody } from './images';

export type AppsStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500;

const STATUS: Record<DomainErrorKind, AppsStatus> = { invalid: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409 };
/** Codes whose HTTP status is more precise than their kind's. */
const STATUS_BY_CODE: Partial<Record<DomainErrorCode, AppsStatus>> = { 'image.invalid': 415 };

/** The Apps API's error body: `{"error": {"code", "message"}}`, for every failure of the face. */
export const AppsError = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('AppsError');

export function appsFailure(c: Context, status: AppsStatus, code: string, message: string) {
  // RFC 6750 §3: what a Bearer client should do next.
  if (status === 401) c.header('WWW-Authenticate', bearerChallenge(c));
  if (status === 403) c.header('WWW-Authenticate', 'Bearer error="insufficient_scope"');
  return c.json({ error: { code, message } }, status);
}

export function appsApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return appsFailure(c, 400, 'invalid', describeZodError(result.error));
    },
  });
}

export function appsErrorHandler(err: Error, c: Context<AppEnv>) {
  if (err instanceof DomainError) return appsFailure(c, STATUS_BY_CODE[err.code] ?? STATUS[err.kind], err.code, err.message);
  if (err instanceof HTTPException && err.status < 500) return appsFailure(c, 400, 'invalid', err.message || 'invalid request');
  logError(c, err);
  return appsFailure(c, 500, 'internal', 'internal error');
}

/** Every Apps API route answers these errors in the same shape. */
export const appsErrors = {
  400: jsonContent(AppsError, 'Invalid request'),
  401: jsonContent(AppsError, 'Missing, invalid or foreign access token'),
  403: jsonContent(AppsError, 'Client not allowed, or the caller may not do this'),
  404: jsonContent(AppsError, 'Not found (also: not visible to the caller)'),
};

export const appsCommon = (tag: string) => ({ tags: [`Apps API: ${tag}`], security: [{ BearerToken: [] }] });

/** The parts of an image upload route: the 1 MiB limit (413 before the body is read), the raw body, the answers. */
export function appsImageUpload() {
  return {
    middleware: [imageBodyLimit((c) => appsFailure(c, 413, 'payload_too_large', `an image must be at most ${MAX_IMAGE_BYTES} bytes`))],
    request: { body: imageUploadBody },
    responses: { 200: jsonContent(ImageMeta, 'Stored'), 413: jsonContent(AppsError, 'Too large'), 415: jsonContent(AppsError, 'Not an accepted image type'), ...appsErrors },
  };
}
