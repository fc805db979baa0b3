/**
 * Redirect URIs (RFC 6749 §3.1.2, RFC 9700 §2.1 and §4.1.3, RFC 8252 §7): what a client may
 * register, and which presented URI matches a registered one.
 *
 * Registered URIs are kept in one canonical spelling, so that matching can stay a byte-for-byte
 * comparison without any normalization:
 * - printable ASCII only (no whitespace, control or non-ASCII characters anywhere), no `#`;
 * - the scheme in lower case; `https`, `http` only for a loopback IP literal (`127.0.0.1`,
 *   `[::1]`; not `localhost`, RFC 8252 §8.3), or a private-use scheme in reverse-domain form
 *   (`com.example.app:/cb`, RFC 8252 §7.1). Every other scheme (`javascript:`, `data:`, `file:`,
 *   `vbscript:`, …) has no dot and is refused;
 * - for `http(s)`: no user info, and the authority written as the URL parser reads it: host in
 *   lower case, no default port (`https://app.example:443/cb` must be written without `:443`).
 */
const REVERSE_DOMAIN_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/;
/** A loopback `http` URI: host, optional port, the rest (path and query). */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?([/?].*)?$/;

/** Why `uri` cannot be registered, or null when it can. */
export function redirectUriProblem(uri: string): string | null {
  if (uri.length > 256) return 'a redirect URI is at most 256 characters';
  if (!/^[\x21-\x7e]+$/.test(uri)) return 'a redirect URI must not contain whitespace, control or non-ASCII characters';
  if (uri.includes('#')) return 'a redirect URI must not have a fragment';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `redirect URI ${JSON.stringify(uri)} is not an absolute URL`;
  }
  const scheme = uri.slice(0, uri.indexOf(':'));
  if (scheme !== scheme.toLowerCase()) return 'the scheme of a redirect URI must be in lower case';
  if (scheme === 'https' || scheme === 'http') {
    if (url.username || url.password) return 'a redirect URI must not contain user information';
    const authority = `${scheme}://${url.host}`;
    if (!uri.startsWith(authority) || !/^([/?]|$)/.test(uri.slice(authority.length))) {
      return 'the host of a redirect URI must be in lower case, without a default port';
    }
    if (scheme === 'http' && !LOOPBACK.test(uri)) return 'http redirect URIs are allowed only for the loopback addresses 127.0.0.1 and [::1]; use https';
    return null;
  }
  if (!REVERSE_DOMAIN_SCHEME.test(scheme)) return `the scheme ${scheme}: is not allowed for a redirect URI (https, loopback http, or a reverse-domain private-use scheme)`;
  return null;
}

/** A loopback URI without its port: `http://127.0.0.1:8765/cb` and `http://127.0.0.1/cb` give the same key. */
function loopbackKey(uri: string): string | null {
  const m = LOOPBACK.exec(uri);
  if (!m) return null;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return null;
  return `http://${m[1]}${m[3] ?? ''}`;
}

/**
 * Whether `presented` is one of the client's `registered` URIs: byte for byte, except that a
 * loopback `http` URI matches with any port (A-5, RFC 8252 §7.3; native apps listen on an
 * ephemeral port). A non-loopback `http` URI never matches, even one registered before this rule.
 */
export function matchesRegistered(registered: readonly string[], presented: string): boolean {
  if (presented.startsWith('http:')) {
    const key = loopbackKey(presented);
    return key !== null && registered.some((r) => loopbackKey(r) === key);
  }
  return registered.includes(presented);
}
