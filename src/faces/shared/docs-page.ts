import type { MiddlewareHandler } from 'hono';
import { Scalar } from '@scalar/hono-api-reference';
import { randomToken } from '../../lib/crypto';

// Scalar's standalone bundle, loaded by the page; a nonce admits it and its inline start-up script only.
const DOCS_CDN = 'https://cdn.jsdelivr.net';

/**
 * `GET /docs`: the Scalar API reference with a per-request script nonce, under a CSP that admits only
 * that script and the bundle, lets it read `/openapi.json` and try requests on this origin, and forbids
 * framing like every other page.
 */
export const docsPage: MiddlewareHandler = async (c, next) => {
  const nonce = randomToken(16);
  c.header(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      `script-src 'nonce-${nonce}' ${DOCS_CDN}`,
      `style-src 'self' 'unsafe-inline' ${DOCS_CDN}`,
      `font-src 'self' data: ${DOCS_CDN} https://fonts.scalar.com`,
      "img-src 'self' data: https:",
      "connect-src 'self'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
  );
  return Scalar({ url: '/openapi.json', pageTitle: 'edge-iam API', nonce })(c, next);
};
