import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { logError } from '../shared/log';
import { describeZodError } from '../shared/validation';
import { failure, RESULT_CODES } from './envelope';

/** A sub-app of the Role API face: validation failures answer in the NHN envelope. */
export function roleApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return failure(c, 400, describeZodError(result.error));
    },
  });
}

/** Maps anything thrown in the face to the envelope; only DomainErrors become 4xx-style codes. */
export function roleErrorHandler(err: Error, c: Context<AppEnv>) {
  if (err instanceof DomainError) return failure(c, RESULT_CODES[err.code], err.message);
  if (err instanceof HTTPException && err.status < 500) return failure(c, 400, err.message || 'invalid request');
  if (err instanceof SyntaxError) return failure(c, 400, 'malformed JSON body');
  logError(c, err);
  return failure(c, 500, 'internal error');
}

