import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, type DomainErrorKind } from '../../domain/errors';
import { UnknownPermissionsError } from '../../domain/permissions/permissions';
import type { AppEnv } from '../../env';
import { logError } from '../shared/log';
import { jsonContent } from '../shared/openapi';
import { describeZodError } from '../shared/validation';

type Status = 400 | 401 | 403 | 404 | 409 | 413 | 500;

const BY_KIND: Record<DomainErrorKind, [Status, string]> = {
  invalid: [400, 'invalid_request'],
  unauthorized: [401, 'unauthorized'],
  forbidden: [403, 'forbidden'],
  not_found: [404, 'not_found'],
  conflict: [409, 'conflict'],
};

export const ErrorSchema = z
  .object({ error: z.string(), error_description: z.string(), error_messages: z.array(z.string()), error_details: z.record(z.string(), z.unknown()) })
  .openapi('ControlPlaneError');

/** idp-server's error body: `{error, error_description, error_messages, error_details}`. */
export function controlPlaneFailure(c: Context, status: Status, error: string, description: string, messages: string[] = [description], details: Record<string, unknown> = {}) {
  // RFC 6750 §3 (H-3): say why a presented token failed; a request without one gets the bare challenge.
  if (status === 401) c.header('WWW-Authenticate', /^Bearer /i.test(c.req.header('authorization') ?? '') ? 'Bearer realm="control-plane", error="invalid_token"' : 'Bearer realm="control-plane"');
  if (status === 403) c.header('WWW-Authenticate', 'Bearer realm="control-plane", error="insufficient_scope"');
  return c.json({ error, error_description: description, error_messages: messages, error_details: details }, status);
}

export function controlPlaneApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const messages = result.error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : 'body'}: ${i.message}`);
      return controlPlaneFailure(c, 400, 'invalid_request', describeZodError(result.error), messages);
    },
  });
}

export function controlPlaneErrorHandler(err: Error, c: Context<AppEnv>) {
  if (err instanceof DomainError) {
    const [status, error] = BY_KIND[err.kind];
    const details = err instanceof UnknownPermissionsError ? { unknown_permissions: err.permissionIds } : {};
    return controlPlaneFailure(c, status, error, err.message, [err.message], details);
  }
  if (err instanceof HTTPException && err.status < 500) return controlPlaneFailure(c, 400, 'invalid_request', err.message || 'invalid request');
  logError(c, err);
  return controlPlaneFailure(c, 500, 'server_error', 'internal error');
}

export const controlPlaneErrors = {
  400: jsonContent(ErrorSchema, 'Invalid request (unknown permission ids are named in error_details.unknown_permissions)'),
  401: jsonContent(ErrorSchema, 'Missing or invalid token'),
  403: jsonContent(ErrorSchema, 'The token may not manage this organization or endpoint'),
  404: jsonContent(ErrorSchema, 'No such tenant in the organization, or no such item'),
  409: jsonContent(ErrorSchema, 'The name is taken in the tenant'),
};

export const security: Record<string, string[]>[] = [{ AdminToken: [] }, { BearerToken: [] }];

/** `dry_run=true` validates and answers what would happen without writing. */
export const dryRunQuery = z.object({ dry_run: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const dryRunSchema = <S extends z.ZodTypeAny>(result: S) => z.object({ dry_run: z.boolean(), result });

/**
 * A dry-run deletion: idp-server's own answer (`{message, id, dry_run: true}`) plus, like our other
 * dry runs, the item that would go as `result`.
 */
export const dryRunDeletionSchema = <S extends z.ZodTypeAny>(result: S) => z.object({ dry_run: z.literal(true), id: z.string(), message: z.string(), result });
export const dryRunDeletion = <R extends { id: string }>(result: R) => ({ dry_run: true as const, id: result.id, message: 'Deletion simulated successfully', result });
export const listSchema = <S extends z.ZodTypeAny>(item: S) =>
  z.object({ list: z.array(item), total_count: z.number().int(), limit: z.number().int(), offset: z.number().int() });
