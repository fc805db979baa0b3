import { clientCredentialsGrant } from '../../../domain/tokens/token-service';
import type { Deps } from '../../../domain/ports';
import type { ClientCredentials } from '../../../domain/tokens/token-service';

/** `grant_type=client_credentials` (RFC 6749 §4.4). */
export function clientCredentials(deps: Deps, tenantId: string, issuer: string, credentials: ClientCredentials, form: Map<string, string>) {
  return clientCredentialsGrant(deps, tenantId, issuer, credentials, form.get('scope'));
}
