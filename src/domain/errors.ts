/**
 * Every failure the domain can report. Faces map each code to their own wire format with one
 * exhaustive mapper (see faces/role-v3/envelope.ts); anything that is not a DomainError is a 500.
 */
export const domainErrorCodes = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'tenant.not_found',
  'tenant.exists',
  'organization.not_found',
  'organization.exists',
  'organization.in_use',
  'resource.not_found',
  'resource.id_exists',
  'resource.path_exists',
  'resource.ui_path_exists',
  'role.not_found',
  'role.exists',
  'role.self_relation',
  'role.not_deniable',
  'role_relation.exists',
  'authorization.exists',
  'authorization.not_found',
  'operation.not_found',
  'operation.exists',
  'operation.in_use',
  'scope.not_found',
  'scope.exists',
  'scope.immutable',
  'scope.in_use',
  'user.not_found',
  'user.exists',
  'user_role.duplicate',
  'attribute.not_found',
  'attribute.exists',
  'attribute.in_use',
  'condition.operator_not_allowed',
  'condition.value_invalid',
  'client.not_found',
  'account.exists',
  'oauth.invalid_request',
  'oauth.invalid_client',
  'oauth.invalid_grant',
  'oauth.unauthorized_client',
  'oauth.unsupported_grant_type',
  'oauth.invalid_scope',
  'oauth.invalid_token',
  'oauth.invalid_target',
  'unavailable',
  'contract.not_found',
  'image.not_found',
  'image.invalid',
  'allowed_client.not_found',
  'group.not_found',
  'group_member.not_found',
  'group_member.exists',
  'group_owner.immutable',
  'rate_limited',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

/** The broad class of an error, for faces whose wire format only distinguishes these. */
export type DomainErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }

  get kind(): DomainErrorKind {
    const tail = this.code.includes('.') ? this.code.slice(this.code.indexOf('.') + 1) : this.code;
    switch (tail) {
      case 'invalid':
      case 'value_invalid':
      case 'operator_not_allowed':
      case 'self_relation':
      case 'not_deniable':
        return 'invalid';
      case 'unauthorized':
      case 'invalid_client':
      case 'invalid_token':
        return 'unauthorized';
      case 'invalid_request':
      case 'invalid_grant':
      case 'unauthorized_client':
      case 'unsupported_grant_type':
      case 'invalid_scope':
      case 'invalid_target':
      case 'unavailable':
      case 'rate_limited':
        return 'invalid';
      case 'forbidden':
      case 'immutable':
        return 'forbidden';
      case 'not_found':
        return 'not_found';
      default:
        return 'conflict';
    }
  }
}

export const invalid = (message: string) => new DomainError('invalid', message);
