import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Identity data of a user. The principal itself is the Role API `users` row with the same
 * (tenant_id, user_id), so a user is one object in every face; this table adds what signing in needs.
 */
export const identityAccounts = sqliteTable(
  'identity_accounts',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    nickname: text('nickname').notNull().default(''),
    description: text('description').notNull().default(''),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    isSuper: integer('is_super', { mode: 'boolean' }).notNull().default(false),
    /** `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>` */
    passwordHash: text('password_hash').notNull(),
    passwordIsTemporary: integer('password_is_temporary', { mode: 'boolean' }).notNull().default(true),
    attemptCount: integer('attempt_count').notNull().default(0),
    lastAttemptAt: text('last_attempt_at'),
    passwordCreatedAt: text('password_created_at').notNull(),
    passwordUpdatedAt: text('password_updated_at').notNull(),
    lastSignInAt: text('last_sign_in_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), uniqueIndex('identity_accounts_name_uq').on(t.tenantId, t.name)],
);

/** Refresh tokens, stored as SHA-256 digests. A family shares one grant; reuse revokes it. */
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    tenantId: text('tenant_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    familyId: text('family_id').notNull(),
    clientId: text('client_id').notNull(),
    userId: text('user_id').notNull(),
    scope: text('scope').notNull().default(''),
    expiresAt: integer('expires_at').notNull(),
    /** Set when the token is exchanged; a second exchange finds it set. */
    usedAt: text('used_at'),
    revoked: integer('revoked', { mode: 'boolean' }).notNull().default(false),
    /** The access token issued with this refresh token, so revoking the grant revokes it too (V-1). */
    accessJti: text('access_jti'),
    accessExp: integer('access_exp'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.tokenHash] }), index('refresh_tokens_family_idx').on(t.tenantId, t.familyId)],
);

/** Authorization codes (RFC 6749 §4.1), stored as SHA-256 digests; single-use and short-lived. */
export const authorizationCodes = sqliteTable(
  'authorization_codes',
  {
    tenantId: text('tenant_id').notNull(),
    codeHash: text('code_hash').notNull(),
    clientId: text('client_id').notNull(),
    userId: text('user_id').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    codeChallenge: text('code_challenge'),
    scope: text('scope').notNull().default(''),
    nonce: text('nonce'),
    authTime: integer('auth_time').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: text('used_at'),
    /** What the exchange issued, so that a replay can revoke it (C-1). */
    issuedFamilyId: text('issued_family_id'),
    issuedJti: text('issued_jti'),
    issuedExp: integer('issued_exp'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.codeHash] })],
);

/** Long-lived personal API tokens, stored as SHA-256 digests; shown once on creation. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiredAt: text('expired_at'),
    /** Written at most once a minute per isolate (domain/usage-stamp.ts). */
    lastUsedAt: text('last_used_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tenantId, t.tokenHash), index('api_tokens_user_idx').on(t.tenantId, t.userId)],
);

/** A user's e-mail addresses (intdash `emails`). */
export const userEmails = sqliteTable(
  'user_emails',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    address: text('address').notNull(),
    verified: integer('verified', { mode: 'boolean' }).notNull().default(false),
    /** SHA-256 of the pending verification token (the token itself goes only into the mail). */
    verificationTokenHash: text('verification_token_hash'),
    verificationExpiresAt: integer('verification_expires_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('user_emails_user_idx').on(t.tenantId, t.userId)],
);
