import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Token service. Private keys are stored only encrypted (AES-GCM under the KEY_ENCRYPTION_KEY
 * Worker secret); client secrets only as SHA-256 digests.
 */
export const signingKeys = sqliteTable(
  'signing_keys',
  {
    tenantId: text('tenant_id').notNull(),
    kid: text('kid').notNull(),
    alg: text('alg', { enum: ['ES256', 'RS256'] }).notNull(),
    publicJwk: text('public_jwk').notNull(),
    /** base64url(iv) + '.' + base64url(AES-GCM ciphertext of the private JWK). */
    privateJwkSealed: text('private_jwk_sealed').notNull(),
    status: text('status', { enum: ['pending', 'active', 'retired'] }).notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kid] })],
);

export const oauthClients = sqliteTable(
  'oauth_clients',
  {
    tenantId: text('tenant_id').notNull(),
    clientId: text('client_id').notNull(),
    name: text('name').notNull(),
    grantTypes: text('grant_types').notNull(),
    tokenEndpointAuthMethod: text('token_endpoint_auth_method').notNull(),
    redirectUris: text('redirect_uris').notNull().default('[]'),
    scopes: text('scopes').notNull().default('[]'),
    /** Resources (RFC 8707) the client may ask tokens for; each becomes the token's `aud`. */
    audiences: text('audiences').notNull().default('[]'),
    tlsClientAuthSubjectDn: text('tls_client_auth_subject_dn'),
    ownerUserId: text('owner_user_id'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.clientId] }), index('oauth_clients_owner_idx').on(t.tenantId, t.ownerUserId)],
);

export const oauthClientSecrets = sqliteTable(
  'oauth_client_secrets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id').notNull(),
    clientId: text('client_id').notNull(),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    lastUsedAt: text('last_used_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('oauth_client_secrets_client_idx').on(t.tenantId, t.clientId)],
);

/** Access tokens revoked before they expire (RFC 7009); rows can go once `expiresAt` passes. */
export const revokedTokens = sqliteTable(
  'revoked_tokens',
  {
    tenantId: text('tenant_id').notNull(),
    jti: text('jti').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.jti] })],
);
