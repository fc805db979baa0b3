import { HTML_PAGE_HEADERS, PAGE_CSP } from '../shared/security-headers';

/** Escapes text for HTML element content and attribute values. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Headers every HTML page of the token service sends (clickjacking, sniffing, caching, referrer);
 * the app-wide `securityHeaders` middleware would add them too, this keeps the face correct on its own.
 */
export const HTML_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP,
  ...HTML_PAGE_HEADERS,
};

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}';

/** The plain-HTML sign-in form; it posts the original authorization request back with a CSRF token. */
export function signInPage(input: { action: string; params: URLSearchParams; csrf: string; clientName: string; error?: string }): string {
  const hidden = [...input.params].map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sign in</title><style>${STYLE}</style></head><body>
<h1>Sign in</h1><p>to continue to <strong>${esc(input.clientName)}</strong></p>
${input.error ? `<p class="error" role="alert">${esc(input.error)}</p>` : ''}
<form method="post" action="${esc(input.action)}">${hidden}<input type="hidden" name="csrf_token" value="${esc(input.csrf)}">
<label for="username">User name</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form></body></html>`;
}

export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title><style>${STYLE}</style></head><body><h1>This sign-in request cannot be served</h1><p class="error">${esc(message)}</p></body></html>`;
}
