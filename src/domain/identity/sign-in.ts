import { verifyPassword } from '../../lib/password';
import { DomainError } from '../errors';
import type { Deps } from '../ports';
import type { Account } from './account';
import { LOCKOUT_THRESHOLD } from './password-policy';

/**
 * Checks a user's password (password grant, sign-in page): a disabled or locked account fails even
 * with the right password (S-4, S-5); each failure adds exactly one to the count, success resets it.
 * Every failure answers alike, so the caller learns nothing about which check failed.
 */
export async function signIn(deps: Deps, tenantId: string, name: string, password: string): Promise<Account> {
  const fail = () => new DomainError('oauth.invalid_grant', 'the user name or password is wrong, or the account cannot sign in');
  const account = await deps.repos.accounts.findByName(tenantId, name);
  if (!account) {
    await verifyPassword(password, DUMMY_HASH); // same work as a real check
    throw fail();
  }
  const now = deps.clock.now().toISOString();
  const threshold = (await deps.decisions.tenant(tenantId))?.record.tokens.lockoutThreshold ?? LOCKOUT_THRESHOLD;
  const ok = await verifyPassword(password, account.passwordHash);
  if (account.disabled || account.attemptCount >= threshold || !ok) {
    if (!ok || account.attemptCount >= threshold) await deps.repos.accounts.recordFailure(tenantId, account.userId, now);
    throw fail();
  }
  await deps.repos.accounts.recordSuccess(tenantId, account.userId, now);
  return account;
}

// A well-formed hash of a random password: compared against when the user does not exist.
const DUMMY_HASH = 'pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
