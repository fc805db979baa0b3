import { sha256Hex, timingSafeEqual } from '../../lib/crypto';

/**
 * Whether `presented` is the operator token. Digests have a fixed length, so the constant-time
 * comparison leaks nothing about the token; an unset operator token matches nothing.
 */
export async function isOperatorToken(configured: string | undefined, presented: string): Promise<boolean> {
  const [want, got] = await Promise.all([sha256Hex(configured ?? ''), sha256Hex(presented)]);
  return !!configured && !!presented && timingSafeEqual(want, got);
}
