import { auditCompleted } from '../audit/audit';
import { applyChange } from '../change';
import { sha256Hex, timingSafeEqual } from '../../lib/crypto';
import { DomainError, invalid } from '../errors';
import type { Deps, WriteOp } from '../ports';
import type { UserEmail } from './account';
import { assertAvailable, checkAddress } from './email-address';
import { requireAccount } from './accounts';
import { mailVerificationToken as mailToken, newVerificationSecret as newSecret, type VerificationLink } from './verification-mail';

/**
 * A user's e-mail addresses (intdash "User's Emails" / "Authenticated User's Emails"). The
 * `/users/{user_uuid}/emails…` and `/me/emails…` routes share these functions; the face passes the
 * user id.
 *
 * - An address is 1..256 characters, `local@domain` without whitespace, and unique in the tenant
 *   (compared case-insensitively): addresses identify people for sign-in and invitations, so two
 *   users of one tenant never share one. A user has at most `MAX_ADDRESSES_PER_USER`.
 * - Creating or changing an address makes it unverified and mails a verification token to it.
 *   The token is `<email id>.<secret>`; only SHA-256(secret) is stored, with its expiry
 *   (`VERIFICATION_TTL_SECONDS`). It is single-use, and a new one replaces the pending one.
 */
export const MAX_ADDRESSES_PER_USER = 10;
export { VERIFICATION_TTL_SECONDS, verificationMail, type VerificationLink } from './verification-mail';

/** A stored address with its pending verification, for the token check only. */
export interface PendingVerification {
  email: UserEmail;
  userId: string;
  tokenHash: string | null;
  /** Epoch seconds. */
  expiresAt: number | null;
}

export interface EmailRepository {
  find(tenantId: string, userId: string, id: number): Promise<UserEmail | null>;
  findPending(tenantId: string, id: number): Promise<PendingVerification | null>;
  /** The owner of `address` in the tenant (case-insensitive), if any. */
  ownerOf(tenantId: string, address: string): Promise<{ id: number; userId: string } | null>;
  countOf(tenantId: string, userId: string): Promise<number>;
  /** Inserts an unverified address with a pending token, unless the tenant already has it (any case). */
  insert(tenantId: string, row: { userId: string; address: string; tokenHash: string; expiresAt: number; at: string }): WriteOp;
  /** Changes the address (unverified, new pending token), unless another row of the tenant has it. */
  changeAddress(tenantId: string, id: number, row: { address: string; tokenHash: string; expiresAt: number; at: string }): WriteOp;
  setPending(tenantId: string, id: number, tokenHash: string, expiresAt: number): WriteOp;
  /** Marks verified and drops the pending token; with `tokenHash`, only if it is still the pending one. True when a row changed. */
  markVerified(tenantId: string, id: number, at: string, tokenHash?: string): Promise<boolean>;
  delete(tenantId: string, id: number): WriteOp;
}

/** What Send Verification Email answers (intdash): no token, only its id and expiry. */
export interface VerificationSent {
  emailId: number;
  expiredAt: string;
  createdAt: string;
}

async function requireEmail(deps: Deps, tenantId: string, userId: string, id: number): Promise<UserEmail> {
  await requireAccount(deps, tenantId, userId);
  const found = await deps.repos.emails.find(tenantId, userId, id);
  if (!found) throw new DomainError('not_found', `e-mail address ${id} not found`);
  return found;
}

/** Create Email: adds an unverified address and mails its verification token. */
export async function createEmail(deps: Deps, tenantId: string, userId: string, address: string, link: VerificationLink): Promise<UserEmail> {
  checkAddress(address);
  await requireAccount(deps, tenantId, userId);
  await assertAvailable(deps, tenantId, address);
  if ((await deps.repos.emails.countOf(tenantId, userId)) >= MAX_ADDRESSES_PER_USER) throw invalid(`a user may have at most ${MAX_ADDRESSES_PER_USER} e-mail addresses`);
  const { secret, tokenHash, expiresAt, issuedAt } = await newSecret(deps);
  await applyChange(deps, tenantId, [deps.repos.emails.insert(tenantId, { userId, address, tokenHash, expiresAt, at: issuedAt.toISOString() })]);
  // The insert is skipped when a concurrent writer registered the address first.
  const owner = await deps.repos.emails.ownerOf(tenantId, address);
  const created = owner?.userId === userId ? await deps.repos.emails.find(tenantId, userId, owner.id) : null;
  if (!created || created.createdAt !== issuedAt.toISOString()) throw new DomainError('conflict', 'the e-mail address is already registered in this tenant');
  await mailToken(deps, tenantId, created, secret, expiresAt, link);
  return created;
}

/**
 * Update Email: a new address is unverified again and gets a new token by mail. The same address
 * (exactly) changes nothing.
 */
export async function updateEmail(deps: Deps, tenantId: string, userId: string, id: number, address: string, link: VerificationLink): Promise<UserEmail> {
  checkAddress(address);
  const current = await requireEmail(deps, tenantId, userId, id);
  if (current.address === address) return current;
  await assertAvailable(deps, tenantId, address, id);
  const { secret, tokenHash, expiresAt, issuedAt } = await newSecret(deps);
  await applyChange(deps, tenantId, [deps.repos.emails.changeAddress(tenantId, id, { address, tokenHash, expiresAt, at: issuedAt.toISOString() })]);
  const updated = await requireEmail(deps, tenantId, userId, id);
  // The change is skipped when a concurrent writer registered the address first.
  if (updated.address !== address) throw new DomainError('conflict', 'the e-mail address is already registered in this tenant');
  await mailToken(deps, tenantId, updated, secret, expiresAt, link);
  return updated;
}

export async function deleteEmail(deps: Deps, tenantId: string, userId: string, id: number): Promise<void> {
  await requireEmail(deps, tenantId, userId, id);
  await applyChange(deps, tenantId, [deps.repos.emails.delete(tenantId, id)]);
}

/** Send Verification Email: a new token replaces the pending one. A verified address needs none (409). */
export async function sendVerification(deps: Deps, tenantId: string, userId: string, id: number, link: VerificationLink): Promise<VerificationSent> {
  const email = await requireEmail(deps, tenantId, userId, id);
  if (email.verified) throw new DomainError('conflict', 'the e-mail address is already verified');
  const { secret, tokenHash, expiresAt, issuedAt } = await newSecret(deps);
  await applyChange(deps, tenantId, [deps.repos.emails.setPending(tenantId, id, tokenHash, expiresAt)]);
  await mailToken(deps, tenantId, email, secret, expiresAt, link);
  return { emailId: id, expiredAt: new Date(expiresAt * 1000).toISOString(), createdAt: issuedAt.toISOString() };
}

const REFUSED = 'the verification token is invalid, expired or already used';

/**
 * Checks a mailed token and marks its address verified, once. Every failure (malformed, unknown
 * id, another tenant's or user's address, wrong secret, expired, used) is the same 400, so a
 * caller learns nothing about which addresses exist. `userId`/`emailId`, when given, must match.
 */
export async function verifyWithToken(deps: Deps, tenantId: string, token: string, expect: { userId?: string; emailId?: number } = {}): Promise<UserEmail> {
  const match = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{1,4000})$/.exec(token);
  const id = match ? Number(match[1]) : 0;
  const pending = match ? await deps.repos.emails.findPending(tenantId, id) : null;
  // Digests have a fixed length, so the comparison leaks nothing about the stored one.
  const presented = await sha256Hex(match?.[2] ?? '');
  const sameSecret = timingSafeEqual(presented, pending?.tokenHash ?? '0'.repeat(64));
  const now = deps.clock.now();
  const live = pending?.expiresAt != null && pending.expiresAt > Math.floor(now.getTime() / 1000);
  const expected = (expect.userId === undefined || pending?.userId === expect.userId) && (expect.emailId === undefined || expect.emailId === id);
  if (!pending || !sameSecret || !live || !expected) throw invalid(REFUSED);
  // Single use: only the caller that still finds this digest pending marks it.
  if (!(await deps.repos.emails.markVerified(tenantId, id, now.toISOString(), presented))) throw invalid(REFUSED);
  await auditCompleted(deps, tenantId);
  return (await deps.repos.emails.find(tenantId, pending.userId, id))!;
}

/**
 * Set Email as Verified on a user's address: with a token it is checked as above (it must be this
 * address's); without one the caller (an administrator: the `/users/…` routes are beyond the
 * default `member` role) marks the address verified directly.
 */
export async function setVerified(deps: Deps, tenantId: string, userId: string, id: number, token: string | undefined): Promise<UserEmail> {
  const email = await requireEmail(deps, tenantId, userId, id);
  if (token !== undefined) return verifyWithToken(deps, tenantId, token, { userId, emailId: id });
  if (email.verified) return email;
  await deps.repos.emails.markVerified(tenantId, id, deps.clock.now().toISOString());
  await auditCompleted(deps, tenantId);
  return requireEmail(deps, tenantId, userId, id);
}
