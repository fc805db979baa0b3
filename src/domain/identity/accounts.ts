import { hashPassword } from '../../lib/password';
import { applyChange } from '../change';
import { DomainError, invalid } from '../errors';
import type { Page, PageRequest } from '../paging';
import type { Deps } from '../ports';
import { assertRolesExist } from '../roles/relation-inputs';
import { revokeUserGrantsOps } from '../tokens/token-service';
import { ALL_SCOPE } from '../tenants/tenant';
import { additionHistory, userAddedHistory } from '../users/history';
import { principalRemovalOps } from '../users/principal-removal';
import type { Account, AccountFilter, AccountSortField } from './account';
import { assertAvailable, checkAddress } from './email-address';
import { passwordPolicyErrors, temporaryPassword } from './password-policy';
import { passwordAccepted } from './sign-in';
import { mailVerificationToken, newVerificationSecret, type VerificationLink } from './verification-mail';

const NAME = /^[0-9a-zA-Z\-_]{1,256}$/;

function checkProfile(p: { name?: string; nickname?: string | null; description?: string | null }) {
  if (p.name !== undefined && !NAME.test(p.name)) throw invalid('name must be 1 to 256 characters of letters, digits, "-" and "_"');
  if (p.nickname != null && p.nickname.length > 512) throw invalid('nickname must be at most 512 characters');
  if (p.description != null && p.description.length > 65536) throw invalid('description must be at most 65536 characters');
}

export async function requireAccount(deps: Deps, tenantId: string, userId: string): Promise<Account> {
  const account = await deps.repos.accounts.find(tenantId, userId);
  if (!account) throw new DomainError('user.not_found', `user ${userId} not found`);
  return account;
}

/**
 * Creates a user with a temporary password (shown once). The user is also the Role API user of
 * the same id, holding `roleUuids` in scope ALL, so every face and every decision sees one principal.
 * An `email` is stored unverified, in the same batch, and its verification token is mailed to it
 * (intdash Create User), as Create Email does.
 */
export async function createAccount(
  deps: Deps,
  tenantId: string,
  input: { name: string; nickname?: string | null; description?: string | null; roleUuids: string[]; email?: string | null },
  link: VerificationLink,
): Promise<{ account: Account; temporaryPassword: string }> {
  checkProfile(input);
  if (input.email != null) checkAddress(input.email, 'email');
  if (await deps.repos.accounts.findByName(tenantId, input.name)) throw new DomainError('account.exists', `a user named ${input.name} already exists`);
  const roleIds = [...new Set(input.roleUuids)];
  await assertRolesExist(deps, tenantId, roleIds);
  if (input.email) await assertAvailable(deps, tenantId, input.email);
  const now = deps.clock.now().toISOString();
  const password = temporaryPassword(deps.random);
  const account: Account = {
    userId: crypto.randomUUID(),
    name: input.name,
    nickname: input.nickname ?? '',
    description: input.description ?? '',
    disabled: false,
    isSuper: false,
    passwordHash: await hashPassword(password),
    passwordIsTemporary: true,
    attemptCount: 0,
    lastAttemptAt: null,
    passwordCreatedAt: now,
    passwordUpdatedAt: now,
    lastSignInAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const relations = roleIds.map((roleId) => ({ userId: account.userId, roleId, scopeId: ALL_SCOPE, policy: 'ALLOW' as const, conditions: [], createdAt: now }));
  const verification = input.email ? await newVerificationSecret(deps) : null;
  const ops = [
    ...deps.repos.users.insertUsers(tenantId, [{ userId: account.userId, description: null, createdAt: now }]),
    ...deps.repos.users.insertRelations(tenantId, relations),
    ...deps.repos.users.insertHistories(tenantId, [userAddedHistory(deps, account.userId), ...relations.map((r) => additionHistory(deps, r))]),
    deps.repos.accounts.insert(tenantId, account),
    ...(input.email && verification
      ? [deps.repos.emails.insert(tenantId, { userId: account.userId, address: input.email, tokenHash: verification.tokenHash, expiresAt: verification.expiresAt, at: now })]
      : []),
  ];
  await applyChange(deps, tenantId, ops, 'account.exists');
  if (input.email && verification) {
    // The address row is skipped when a concurrent writer registered it first: then no mail.
    const owner = await deps.repos.emails.ownerOf(tenantId, input.email);
    const email = owner?.userId === account.userId ? await deps.repos.emails.find(tenantId, account.userId, owner.id) : null;
    // The user exists and its temporary password must still reach the caller: a failed delivery
    // stays in the outbox unsent, and Send Verification Email mails a new token.
    if (email) await mailVerificationToken(deps, tenantId, email, verification.secret, verification.expiresAt, link).catch(() => undefined);
  }
  return { account, temporaryPassword: password };
}

export function listAccounts(deps: Deps, tenantId: string, filter: AccountFilter, page: PageRequest<AccountSortField>): Promise<Page<Account>> {
  return deps.repos.accounts.list(tenantId, filter, page);
}

export async function updateAccount(deps: Deps, tenantId: string, userId: string, patch: { name?: string; nickname?: string; description?: string }) {
  await requireAccount(deps, tenantId, userId);
  checkProfile(patch);
  if (patch.name !== undefined) {
    const other = await deps.repos.accounts.findByName(tenantId, patch.name);
    if (other && other.userId !== userId) throw new DomainError('account.exists', `a user named ${patch.name} already exists`);
  }
  await applyChange(deps, tenantId, [deps.repos.accounts.update(tenantId, userId, { ...patch, updatedAt: deps.clock.now().toISOString() })], 'account.exists');
  return requireAccount(deps, tenantId, userId);
}

/** Disabling also revokes the user's grants: refresh tokens and the access tokens issued with them. */
export async function setDisabled(deps: Deps, tenantId: string, userId: string, disabled: boolean) {
  await requireAccount(deps, tenantId, userId);
  const ops = [deps.repos.accounts.update(tenantId, userId, { disabled, updatedAt: deps.clock.now().toISOString() })];
  if (disabled) ops.push(...revokeUserGrantsOps(deps, tenantId, userId));
  await applyChange(deps, tenantId, ops);
  return requireAccount(deps, tenantId, userId);
}

/** Deletes the principal everywhere (principalRemovalOps): account, e-mails, Role API user and relations, memberships, grants; its edges lose their owner. */
export async function deleteAccount(deps: Deps, tenantId: string, userId: string): Promise<void> {
  await requireAccount(deps, tenantId, userId);
  await applyChange(deps, tenantId, await principalRemovalOps(deps, tenantId, [userId]));
}

/** Create Temporary Password: a new random password, shown once; the account must change it. The user's grants end. */
export async function resetToTemporaryPassword(deps: Deps, tenantId: string, userId: string) {
  await requireAccount(deps, tenantId, userId);
  const password = temporaryPassword(deps.random);
  const now = deps.clock.now().toISOString();
  await applyChange(deps, tenantId, [
    deps.repos.accounts.update(tenantId, userId, { passwordHash: await hashPassword(password), passwordIsTemporary: true, passwordUpdatedAt: now, updatedAt: now }),
    ...revokeUserGrantsOps(deps, tenantId, userId),
  ]);
  return { account: await requireAccount(deps, tenantId, userId), temporaryPassword: password };
}

/** Unlock Password: the failed sign-in count goes back to 0. */
export async function unlockPassword(deps: Deps, tenantId: string, userId: string) {
  await requireAccount(deps, tenantId, userId);
  await applyChange(deps, tenantId, [deps.repos.accounts.update(tenantId, userId, { attemptCount: 0, updatedAt: deps.clock.now().toISOString() })]);
  return requireAccount(deps, tenantId, userId);
}

/**
 * Change Password (old password required, S-8); the new one must meet the policy and is no longer
 * temporary. Every grant of the user ends, the one making the change included: each device
 * signs in again with the new password.
 */
export async function changePassword(deps: Deps, tenantId: string, userId: string, input: { password: string; oldPassword: string }) {
  const account = await requireAccount(deps, tenantId, userId);
  // S-5: this is a password path too, under the same lockout as a sign-in.
  if (!(await passwordAccepted(deps, tenantId, account, input.oldPassword))) {
    throw new DomainError('forbidden', 'the current password is wrong, or the account is locked');
  }
  const errors = passwordPolicyErrors(input.password);
  if (errors.length) throw invalid(errors.join('; '));
  const now = deps.clock.now().toISOString();
  await applyChange(deps, tenantId, [
    // A success resets the failure count, as a successful sign-in does (S-4).
    deps.repos.accounts.update(tenantId, userId, { passwordHash: await hashPassword(input.password), passwordIsTemporary: false, passwordUpdatedAt: now, attemptCount: 0, updatedAt: now }),
    ...revokeUserGrantsOps(deps, tenantId, userId),
  ]);
  return requireAccount(deps, tenantId, userId);
}
