import type { Page, PageRequest } from '../paging';
import type { WriteOp } from '../ports';

/** The Identity API view of a user (intdash). `userId` is the Role API userId: one principal. */
export interface Account {
  userId: string;
  name: string;
  nickname: string;
  description: string;
  disabled: boolean;
  isSuper: boolean;
  passwordHash: string;
  passwordIsTemporary: boolean;
  attemptCount: number;
  lastAttemptAt: string | null;
  passwordCreatedAt: string;
  passwordUpdatedAt: string;
  lastSignInAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type AccountSortField = 'name' | 'createdAt' | 'updatedAt' | 'lastSignInAt';

/** A text filter: partial match, or exact when the caller double-quoted it. */
export interface TextMatch {
  value: string;
  exact: boolean;
}

export interface AccountFilter {
  userIds?: string[];
  names?: TextMatch[];
  nicknames?: TextMatch[];
  disabled?: boolean;
  isSuper?: boolean;
  isTemporary?: boolean;
  minAttempts?: number;
  maxAttempts?: number;
  /** Users holding any of these roles in scope ALL (the Role API relations). */
  roleIds?: string[];
  emails?: TextMatch[];
}

export interface UserEmail {
  id: number;
  address: string;
  verified: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AccountRepository {
  find(tenantId: string, userId: string): Promise<Account | null>;
  findByName(tenantId: string, name: string): Promise<Account | null>;
  list(tenantId: string, filter: AccountFilter, page: PageRequest<AccountSortField>): Promise<Page<Account>>;
  insert(tenantId: string, account: Account): WriteOp;
  update(tenantId: string, userId: string, patch: Partial<Omit<Account, 'userId' | 'createdAt'>>): WriteOp;
  delete(tenantId: string, userId: string): WriteOp;
  emailsOf(tenantId: string, userId: string): Promise<UserEmail[]>;
  deleteEmails(tenantId: string, userId: string): WriteOp;
  /** Adds one failed sign-in atomically and returns the new count (S-4). */
  recordFailure(tenantId: string, userId: string, at: string): Promise<number>;
  recordSuccess(tenantId: string, userId: string, at: string): Promise<void>;
}

export interface RefreshTokenRecord {
  tokenHash: string;
  familyId: string;
  clientId: string;
  userId: string;
  scope: string;
  expiresAt: number;
  usedAt: string | null;
  revoked: boolean;
  accessJti: string | null;
  accessExp: number | null;
  createdAt: string;
}

export interface RefreshTokenRepository {
  /** Every token of a family (to revoke the access tokens issued with them). */
  family(tenantId: string, familyId: string): Promise<RefreshTokenRecord[]>;
  find(tenantId: string, tokenHash: string): Promise<RefreshTokenRecord | null>;
  insert(tenantId: string, record: RefreshTokenRecord): WriteOp;
  /** Marks the token used if nobody did before; true for exactly one caller. */
  claim(tenantId: string, tokenHash: string, at: string): Promise<boolean>;
  /** Undoes `claim(…, at)` when its successor could not be stored (the token was never used up); not for a revoked token. */
  release(tenantId: string, tokenHash: string, at: string): Promise<void>;
  revokeFamily(tenantId: string, familyId: string): WriteOp;
  revokeForUser(tenantId: string, userId: string): WriteOp;
  /** Adds to the revoked access tokens every one issued with a refresh token of the user that has not expired by `now` (seconds). */
  revokeAccessOfUser(tenantId: string, userId: string, now: number): WriteOp;
}

export interface AuthorizationCodeRecord {
  codeHash: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  codeChallenge: string | null;
  scope: string;
  nonce: string | null;
  authTime: number;
  expiresAt: number;
  usedAt: string | null;
  issuedFamilyId: string | null;
  issuedJti: string | null;
  issuedExp: number | null;
}

export interface AuthorizationCodeRepository {
  find(tenantId: string, codeHash: string): Promise<AuthorizationCodeRecord | null>;
  insert(tenantId: string, record: AuthorizationCodeRecord): WriteOp;
  /** Marks the code used if nobody did before; true for exactly one caller (C-2). */
  claim(tenantId: string, codeHash: string, at: string): Promise<boolean>;
  /** Undoes `claim(…, at)` when no tokens were stored for the code (the exchange failed in storage). */
  release(tenantId: string, codeHash: string, at: string): Promise<void>;
  recordIssued(tenantId: string, codeHash: string, issued: { familyId: string; jti: string; exp: number }): WriteOp;
}
