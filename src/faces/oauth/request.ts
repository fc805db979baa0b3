import type { Context } from 'hono';
import { sourceKey } from '../../domain/abuse/limits';
import { DomainError } from '../../domain/errors';
import type { ClientCredentials } from '../../domain/tokens/token-service';
import type { AppEnv } from '../../env';

/**
 * Reads a form-encoded OAuth request (RFC 6749 §3.2): POST only, form content type, no parameter
 * twice (A-4; an empty value counts as absent).
 */
export async function readForm(c: Context): Promise<Map<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new DomainError('oauth.invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  const params = new URLSearchParams(await c.req.text());
  const out = new Map<string, string>();
  for (const [key, value] of params) {
    if (out.has(key)) throw new DomainError('oauth.invalid_request', `parameter ${key} is repeated`);
    if (value !== '') out.set(key, value);
  }
  return out;
}

/**
 * Client credentials from `Authorization: Basic` (form-urlencoded id and secret, RFC 6749 §2.3.1)
 * or from the body; never both (T-4) and never from the query string (T-5).
 */
export function clientCredentials(c: Context, form: Map<string, string>): ClientCredentials {
  const url = new URL(c.req.url);
  if (url.searchParams.has('client_secret') || url.searchParams.has('client_id')) {
    throw new DomainError('oauth.invalid_request', 'client credentials must not be sent in the query string');
  }
  const header = c.req.header('authorization');
  if (header?.toLowerCase().startsWith('basic ')) {
    if (form.has('client_secret')) throw new DomainError('oauth.invalid_request', 'client credentials were sent twice');
    let decoded: string;
    try {
      decoded = atob(header.slice(6).trim());
    } catch {
      throw new DomainError('oauth.invalid_client', 'malformed Basic credentials');
    }
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new DomainError('oauth.invalid_client', 'malformed Basic credentials');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        throw new DomainError('oauth.invalid_client', 'malformed Basic credentials');
      }
    };
    const clientId = decode(decoded.slice(0, colon));
    const bodyId = form.get('client_id');
    if (bodyId !== undefined && bodyId !== clientId) throw new DomainError('oauth.invalid_request', 'client_id differs from the Basic credentials');
    return { clientId, clientSecret: decode(decoded.slice(colon + 1)), method: 'client_secret_basic' };
  }
  const clientId = form.get('client_id');
  if (!clientId) throw new DomainError('oauth.invalid_client', 'client authentication is required');
  const clientSecret = form.get('client_secret');
  return clientSecret ? { clientId, clientSecret, method: 'client_secret_post' } : { clientId, method: 'none' };
}

/** The tenant's issuer: `ISSUER_ORIGIN` when set, else the request's origin (pinned choice). */
export function issuerOf(c: Context<AppEnv>, appKey: string): string {
  const origin = c.env.ISSUER_ORIGIN || new URL(c.req.url).origin;
  return `${origin.replace(/\/$/, '')}/t/${appKey}`;
}

/**
 * The request's source address for the abuse limits: `CF-Connecting-IP`, which Cloudflare's edge
 * sets on every request from the internet (overwriting whatever the client sent). `X-Forwarded-For`
 * is never trusted. Absent (wrangler dev, tests, a service binding that does not forward it): the
 * shared `unknown` key.
 */
export function sourceAddress(c: Context): string {
  return sourceKey(c.req.header('cf-connecting-ip'));
}

/**
 * The client id a token, introspection or revocation request names, for counting its failures;
 * never throws (malformed credentials are refused later by `clientCredentials`, and counted by address).
 */
export function presentedClientId(c: Context, form: Map<string, string>): string | null {
  const header = c.req.header('authorization');
  if (header?.toLowerCase().startsWith('basic ')) {
    try {
      const decoded = atob(header.slice(6).trim());
      const colon = decoded.indexOf(':');
      if (colon > 0) return decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
    } catch {
      // malformed: refused by clientCredentials
    }
    return null;
  }
  return form.get('client_id') ?? null;
}
