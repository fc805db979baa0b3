export type TokenEndpointAuthMethod = 'client_secret_post' | 'client_secret_basic' | 'tls_client_auth' | 'none';
export type GrantType = 'authorization_code' | 'client_credentials' | 'password' | 'refresh_token';

export interface OAuthClient {
  clientId: string;
  name: string;
  grantTypes: GrantType[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  redirectUris: string[];
  scopes: string[];
  /** Registered resources (RFC 8707): a token request may name one as its audience. */
  audiences: string[];
  tlsClientAuthSubjectDn: string | null;
  ownerUserId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ClientSecret {
  id: number;
  name: string;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface ClientWithSecrets extends OAuthClient {
  secrets: ClientSecret[];
}

export type ClientSortField = 'name' | 'createdAt' | 'updatedAt';

/** A client is confidential unless it authenticates with `none` (RFC 6749 §2.1). */
export const isPublicClient = (c: OAuthClient) => c.tokenEndpointAuthMethod === 'none';
