import type { Context, MiddlewareHandler } from 'hono';

/**
 * The policy of the token service's own pages (sign-in form, error pages): nothing but their inline
 * style; forms post only to this origin; the page may not be framed (clickjacking, A-9, RFC 9700 §4.16).
 */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Headers of every HTML page besides its CSP (checklist §12; A-9). */
export const HTML_PAGE_HEADERS: Record<string, string> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function set(c: Context, name: string, value: string, onlyIfAbsent: boolean) {
  if (onlyIfAbsent && c.res.headers.has(name)) return;
  try {
    c.res.headers.set(name, value);
  } catch {
    // A response with immutable headers (e.g. one passed through from fetch): copy it once.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(name, value);
  }
}

/**
 * Every answer of the Worker gets `X-Content-Type-Options: nosniff` (JSON must never be sniffed as
 * HTML); every HTML answer also gets the page headers and, unless its route set a CSP of its own
 * (`/docs`), the strict page CSP with `frame-ancestors 'none'`. Applied once, for all faces, in app.ts,
 * so no page can forget them.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  set(c, 'x-content-type-options', 'nosniff', false);
  if (!/^text\/html\b/i.test(c.res.headers.get('content-type') ?? '')) return;
  set(c, 'content-security-policy', PAGE_CSP, true);
  for (const [name, value] of Object.entries(HTML_PAGE_HEADERS)) set(c, name, value, name !== 'cache-control');
};
