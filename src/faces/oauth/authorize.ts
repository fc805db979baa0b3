import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { limitFailures, passwordFailure, RateLimitedError } from '../../domain/abuse/limits';
import { DomainError } from '../../domain/errors';
import { signIn } from '../../domain/identity/sign-in';
import { AuthorizeError, issueAuthorizationCode, validateAuthorizationRequest } from '../../domain/tokens/authorization-code';
import type { AppEnv } from '../../env';
import { timingSafeEqual } from '../../lib/crypto';
import { issuerOf, sourceAddress } from './request';
import { errorPage, HTML_HEADERS, signInPage } from './sign-in-page';

const CSRF_COOKIE = 'edge_iam_csrf';
const SIGN_IN_FIELDS = new Set(['username', 'password', 'csrf_token']);

/** RFC 6749 §4.1.2.1: errors go back to the (verified) redirect URI, with `state` and `iss` (RFC 9207). */
function redirectError(c: Context<AppEnv>, appKey: string, err: AuthorizeError) {
  if (!err.redirectTo) return c.body(errorPage(err.description), 400, HTML_HEADERS);
  const url = new URL(err.redirectTo.uri);
  url.searchParams.set('error', err.error);
  url.searchParams.set('error_description', err.description);
  if (err.redirectTo.state) url.searchParams.set('state', err.redirectTo.state);
  url.searchParams.set('iss', issuerOf(c, appKey));
  return c.redirect(url.toString(), 302);
}

function page(c: Context<AppEnv>, appKey: string, params: URLSearchParams, clientName: string, error?: string, status: 200 | 400 | 429 = 200) {
  // Double-submit CSRF token: the form field must equal the cookie scoped to this endpoint.
  const csrf = c.var.deps.random.token(24);
  setCookie(c, CSRF_COOKIE, csrf, { path: `/t/${appKey}/oauth2/authorize`, httpOnly: true, sameSite: 'Strict', secure: new URL(c.req.url).protocol === 'https:' });
  return c.body(signInPage({ action: `/t/${appKey}/oauth2/authorize`, params, csrf, clientName, error }), status, HTML_HEADERS);
}

/** `GET /oauth2/authorize`: validate, then show the sign-in page (there are no sessions yet). */
export async function authorizeGet(c: Context<AppEnv>) {
  const appKey = c.req.param('appKey')!;
  const params = new URL(c.req.url).searchParams;
  try {
    const request = await validateAuthorizationRequest(c.var.deps, appKey, params);
    return page(c, appKey, params, request.client.name);
  } catch (err) {
    if (err instanceof AuthorizeError) return redirectError(c, appKey, err);
    throw err;
  }
}

/**
 * `POST /oauth2/authorize`: the sign-in form. A successful sign-in redirects with a code, by 303 so
 * the browser does not re-POST the password to the client (A-10, RFC 9700 §4.12). Wrong passwords
 * count against the client and the source address exactly as the password grant's do (same
 * counters): a blocked one sees the form again with 429 and `Retry-After`, its password unchecked.
 */
export async function authorizePost(c: Context<AppEnv>) {
  const appKey = c.req.param('appKey')!;
  const form = new URLSearchParams(await c.req.text());
  const params = new URLSearchParams([...form].filter(([k]) => !SIGN_IN_FIELDS.has(k)));
  let request;
  try {
    request = await validateAuthorizationRequest(c.var.deps, appKey, params);
  } catch (err) {
    if (err instanceof AuthorizeError) return redirectError(c, appKey, err);
    throw err;
  }
  const cookie = getCookie(c, CSRF_COOKIE) ?? '';
  const sent = form.get('csrf_token') ?? '';
  if (!cookie || !timingSafeEqual(cookie, sent)) return page(c, appKey, params, request.client.name, 'Your session expired. Please sign in again.', 400);
  try {
    const attempt = { source: sourceAddress(c), clientId: request.client.clientId, counts: passwordFailure };
    const account = await limitFailures(c.var.deps, appKey, attempt, () => signIn(c.var.deps, appKey, form.get('username') ?? '', form.get('password') ?? ''));
    const code = await issueAuthorizationCode(c.var.deps, appKey, request, account.userId);
    const url = new URL(request.redirectUri);
    url.searchParams.set('code', code);
    url.searchParams.set('state', request.state);
    url.searchParams.set('iss', issuerOf(c, appKey));
    return c.redirect(url.toString(), 303);
  } catch (err) {
    if (err instanceof RateLimitedError) {
      c.header('Retry-After', String(err.retryAfter));
      const minutes = Math.ceil(err.retryAfter / 60);
      return page(c, appKey, params, request.client.name, `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, 429);
    }
    if (err instanceof DomainError && err.code === 'oauth.invalid_grant') return page(c, appKey, params, request.client.name, 'The user name or password is wrong.', 400);
    throw err;
  }
}
