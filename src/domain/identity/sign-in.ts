import { hashPassword, needsRehash, verifyPassword } from '../../lib/password';
import { DomainError } from '../errors';
import type { Deps } from '../ports';
import type { Account } from './account';
import { LOCKOUT_THRESHOLD } from './password-policy';

/**
 * How long an account stays locked (S-6): `LOCK_BASE_SECONDS` once the count reaches the tenant's
 * threshold, doubling with each failure after a lock ends, up to `LOCK_MAX_SECONDS`. A lock that
 * ends by itself means five wrong passwords typed by anyone are no longer a permanent denial of
 * service; the doubling still leaves a guesser a handful of tries a day. Unlock (Identity API)
 * ends it at once.
 */
export const LOCK_BASE_SECONDS = 300;
export const LOCK_MAX_SECONDS = 24 * 3600;

/** Seconds the account is still locked at `nowMs` (0: it may try). */
export function lockRemaining(account: Pick<Account, 'attemptCount' | 'lastAttemptAt'>, threshold: number, nowMs: number): number {
  if (account.attemptCount < threshold || !account.lastAttemptAt) return 0;
  const lockMs = Math.min(LOCK_BASE_SECONDS * 2 ** Math.min(account.attemptCount - threshold, 30), LOCK_MAX_SECONDS) * 1000;
  return Math.max(0, Math.ceil((Date.parse(account.lastAttemptAt) + lockMs - nowMs) / 1000));
}

/**
 * Checks a user's password (password grant, sign-in page): a disabled or locked account fails even
 * with the right password (S-4, S-5); each failure adds exactly one to the count, success resets it.
 * While locked, attempts are refused without counting, so retrying never lengthens the lock (a
 * legitimate user retrying would otherwise lock themselves out for good). Every failure answers
 * alike and costs one password hash, so the caller learns nothing about which check failed.
 */
export async function signIn(deps: Deps, tenantId: string, name: string, password: string): Promise<Account> {
  const fail = () => new DomainError('oauth.invalid_grant', 'the user name or password is wrong, or the account cannot sign in');
  const account = await deps.repos.accounts.findByName(tenantId, name);
  if (!account) {
    await verifyPassword(password, DUMMY_HASH); // same work as a real check
    throw fail();
  }
  if (!(await passwordAccepted(deps, tenantId, account, password)) || account.disabled) throw fail();
  await deps.repos.accounts.recordSuccess(tenantId, account.userId, deps.clock.now().toISOString());
  if (needsRehash(account.passwordHash)) {
    // S-3: the password is known right now, so a record with older parameters is upgraded in place.
    const passwordHash = await hashPassword(password);
    await deps.uow.commit([deps.repos.accounts.update(tenantId, account.userId, { passwordHash })]);
    return { ...account, passwordHash };
  }
  return account;
}

/**
 * The lockout rule every check of a user's password shares (sign-in, password grant, Change
 * Password): while the account is locked the password is refused without counting (with the same
 * work as a real check); a wrong one adds one failure. The caller resets the count on success.
 */
export async function passwordAccepted(deps: Deps, tenantId: string, account: Account, password: string): Promise<boolean> {
  const now = deps.clock.now();
  const threshold = (await deps.decisions.tenant(tenantId))?.record.tokens.lockoutThreshold ?? LOCKOUT_THRESHOLD;
  if (lockRemaining(account, threshold, now.getTime()) > 0) {
    await verifyPassword(password, DUMMY_HASH); // same work as a real check
    return false;
  }
  const ok = await verifyPassword(password, account.passwordHash);
  if (!ok) await deps.repos.accounts.recordFailure(tenantId, account.userId, now.toISOString());
  return ok;
}

// A well-formed hash of a random password: compared against when the user does not exist.
const DUMMY_HASH = 'pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
