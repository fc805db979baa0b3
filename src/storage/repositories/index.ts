import type { Repositories } from '../../domain/ports';
import type { Db } from '../db';
import { createAttributeRepository } from './attributes';
import { createOperationRepository } from './operations';
import { createResourceRepository } from './resources';
import { createRoleRepository } from './roles';
import { createScopeRepository } from './scopes';
import { createOrganizationRepository, createTenantRepository } from './tenants';
import { createUserRepository } from './users';
import { createAccountRepository, createApiTokenRepository, createAuthorizationCodeRepository, createRefreshTokenRepository } from './accounts';
import { createClientRepository } from './clients';
import { createKeyRepository, createRevocationRepository } from './keys';
import { createPermissionRepository } from './permissions';
import { createAppsRepository } from './apps';
import { createGroupRepository } from './groups';
import { createEmailRepository } from './emails';
import { createMailOutboxRepository } from '../mail-outbox';
import { createNamedRoleRepository } from './named-roles';
import { createEdgeRepository } from './edges';
import { createLifecycleRepository } from './lifecycle';
import { createAuditRepository } from './audit';

export function createRepositories(db: Db): Repositories {
  return {
    organizations: createOrganizationRepository(db),
    tenants: createTenantRepository(db),
    scopes: createScopeRepository(db),
    users: createUserRepository(db),
    roles: createRoleRepository(db),
    operations: createOperationRepository(db),
    resources: createResourceRepository(db),
    attributes: createAttributeRepository(db),
    clients: createClientRepository(db),
    keys: createKeyRepository(db),
    revocations: createRevocationRepository(db),
    accounts: createAccountRepository(db),
    refreshTokens: createRefreshTokenRepository(db),
    authorizationCodes: createAuthorizationCodeRepository(db),
    apiTokens: createApiTokenRepository(db),
    permissions: createPermissionRepository(db),
    apps: createAppsRepository(db),
    groups: createGroupRepository(db),
    emails: createEmailRepository(db),
    mailOutbox: createMailOutboxRepository(db),
    namedRoles: createNamedRoleRepository(db),
    edges: createEdgeRepository(db),
    lifecycle: createLifecycleRepository(db),
    audit: createAuditRepository(db),
  };
}
