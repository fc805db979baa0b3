import { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { IMAGE_TYPES, MAX_IMAGE_BYTES, type ImageFile } from '../../domain/apps/images';

/** How long a client may reuse an image without asking again (it is per user: never in shared caches). */
const IMAGE_MAX_AGE_SECONDS = 300;

const binary = z.string().openapi({ type: 'string', format: 'binary' });

/** The OpenAPI response of an image route: the image in one of the accepted types. */
export const imageResponses = {
  200: { description: 'The image', content: Object.fromEntries(IMAGE_TYPES.map((t) => [t, { schema: binary }])) },
  304: { description: 'Not modified (If-None-Match)' },
};

/** The OpenAPI request body of an upload: the raw image, sent with its own Content-Type. */
export const imageUploadBody = {
  required: true,
  description: `PNG, JPEG, WebP or GIF, at most ${MAX_IMAGE_BYTES} bytes; the bytes must be of the declared type`,
  content: Object.fromEntries(IMAGE_TYPES.map((t) => [t, { schema: binary }])),
};

/** Refuses an upload larger than the image limit before it is read (413 in the face's format). */
export function imageBodyLimit(onTooLarge: (c: Context) => Response): MiddlewareHandler {
  return bodyLimit({ maxSize: MAX_IMAGE_BYTES, onError: onTooLarge });
}

export async function readUpload(c: Context): Promise<{ contentType?: string; bytes: Uint8Array }> {
  return { contentType: c.req.header('content-type'), bytes: new Uint8Array(await c.req.arrayBuffer()) };
}

/** What an upload answers: the stored image's type, size, ETag and time. */
export const ImageMeta = z.object({ content_type: z.string(), size: z.number().int(), etag: z.string(), updated_at: z.string() }).openapi('AppsImage');

export const imageMetaWire = (m: { contentType: string; size: number; etag: string; updatedAt: string }) => ({
  content_type: m.contentType,
  size: m.size,
  etag: m.etag,
  updated_at: m.updatedAt,
});

export const isImagePath = (c: Context) => /\/images\/(profile|logo)$/.test(c.req.path);

/**
 * Serves a stored image: its own type, `nosniff` and a CSP that forbids running anything, private
 * caching with an ETag (a matching If-None-Match answers 304).
 */
export function imageResponse(c: Context, file: ImageFile): Response {
  const etag = `"${file.etag}"`;
  const headers: Record<string, string> = {
    ETag: etag,
    'Cache-Control': `private, max-age=${IMAGE_MAX_AGE_SECONDS}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Last-Modified': new Date(file.updatedAt).toUTCString(),
  };
  const wanted = c.req.header('if-none-match');
  if (wanted && wanted.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
  return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': file.contentType, 'Content-Length': String(file.bytes.length) });
}
