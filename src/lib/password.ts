import { base64url, fromBase64url, randomBytes, timingSafeEqual } from './crypto';

/**
 * PBKDF2-SHA-256 iterations. Production Workers cap PBKDF2 at 100,000 iterations (local workerd
 * does not enforce the cap), so this is the highest count that works everywhere (S-2).
 */
export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BITS));
}

/** `pbkdf2-sha256$<iterations>$<salt>$<hash>` with a fresh random salt (S-1). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${base64url(salt)}$${base64url(await derive(password, salt, PBKDF2_ITERATIONS))}`;
}

/**
 * Verifies `password` with the parameters stored in the record (S-3), not today's constants, so a
 * record made with other parameters keeps working until a successful sign-in rehashes it.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iterations || !salt || !hash) return false;
  const derived = await derive(password, fromBase64url(salt), Number(iterations));
  return timingSafeEqual(base64url(derived), hash);
}

/** Whether a record was made with parameters other than today's (S-3): rehash it at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const [scheme, iterations, salt] = stored.split('$');
  return scheme !== 'pbkdf2-sha256' || Number(iterations) !== PBKDF2_ITERATIONS || fromBase64url(salt ?? '').byteLength !== SALT_BYTES;
}
