import { createRoute, z } from '@hono/zod-openapi';
import type { Account } from '../../domain/identity/account';
import { namedRolesOf } from '../../domain/roles/named-roles';
import {
  createAccount,
  deleteAccount,
  listAccounts,
  requireAccount,
  resetToTemporaryPassword,
  setDisabled,
  unlockPassword,
  updateAccount,
} from '../../domain/identity/accounts';
import type { Deps } from '../../domain/ports';
import { flag, listAnswer, many, pageQuery, pageRequestOf, pageSchema, sortQuery } from './paging';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';
import { Role, roleWire } from './role-wire';
import { textFilter, textMatches } from './text-match';
import { EmailSchema, emailWire } from './email-wire';
import { linkOf } from './verification-link';

const common = { tags: ['Identity API: users'], security: [{ SecretKey: [] }] };
const userParam = z.object({ user_uuid: z.string().openapi({ param: { name: 'user_uuid', in: 'path' } }) });

export const PasswordStatus = z.object({
  attempt_count: z.number().int(),
  is_temporary: z.boolean(),
  last_attempt_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const User = z
  .object({
    uuid: z.string(),
    name: z.string(),
    nickname: z.string(),
    disabled: z.boolean(),
    description: z.string(),
    is_super: z.boolean(),
    emails: z.array(EmailSchema),
    password: PasswordStatus,
    roles: z.array(Role),
    last_sign_in_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('User');

export const passwordWire = (a: Account) => ({
  attempt_count: a.attemptCount,
  is_temporary: a.passwordIsTemporary,
  last_attempt_at: a.lastAttemptAt,
  created_at: a.passwordCreatedAt,
  updated_at: a.passwordUpdatedAt,
});

/** The user with the roles it holds in scope ALL (the same relations the Role API shows). */
export async function userWire(deps: Deps, tenantId: string, a: Account) {
  const relations = (await deps.repos.users.relationsOf(tenantId, [a.userId])).filter((r) => r.scopeId === 'ALL' && r.policy === 'ALLOW');
  const [roles, emails] = await Promise.all([namedRolesOf(deps, tenantId, relations.map((r) => r.roleId)), deps.repos.accounts.emailsOf(tenantId, a.userId)]);
  return {
    uuid: a.userId,
    name: a.name,
    nickname: a.nickname,
    disabled: a.disabled,
    description: a.description,
    is_super: a.isSuper,
    emails: emails.map(emailWire),
    password: passwordWire(a),
    roles: roles.map(roleWire),
    last_sign_in_at: a.lastSignInAt,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

/** Update User and Update Me. */
export const UpdateUserBody = z.object({ name: z.string().optional(), nickname: z.string().optional(), description: z.string().optional() });

/** intdash "Users" and "User's Password" (paths: shared/spec/identity-api.md). */
export function userRoutes() {
  return identityApp()
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/users',
        summary: 'Create a user with a temporary password (shown once); an `email` gets a verification mail',
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.object({ name: z.string(), nickname: z.string().optional(), description: z.string().optional(), role_uuids: z.array(z.string()), email: z.string().optional() }),
              },
            },
          },
        },
        responses: { 201: json(User.extend({ password: PasswordStatus.extend({ temporary_password: z.string() }) }), 'Created') },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const { account, temporaryPassword } = await createAccount(c.var.deps, c.var.tenant.appKey, {
          name: b.name,
          nickname: b.nickname,
          description: b.description,
          roleUuids: b.role_uuids,
          email: b.email,
        }, linkOf(c));
        const wire = await userWire(c.var.deps, c.var.tenant.appKey, account);
        return c.json({ ...wire, password: { ...wire.password, temporary_password: temporaryPassword } }, 201);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/users',
        summary: 'List users',
        request: {
          query: z.object({
            uuid: many,
            role_uuid: many,
            name: textFilter,
            nickname: textFilter,
            email: textFilter,
            disabled: flag,
            is_super: flag,
            is_temporary: flag,
            min_sign_in_attempt_count: z.coerce.number().int().min(0).optional(),
            max_sign_in_attempt_count: z.coerce.number().int().min(0).optional(),
            sort: sortQuery(['name', 'created_at', 'updated_at', 'last_sign_in_at'], 'name+'),
          }).merge(pageQuery),
        },
        responses: { 200: json(pageSchema(User), 'A page of users') },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const request = pageRequestOf(q, { name: 'name', created_at: 'createdAt', updated_at: 'updatedAt', last_sign_in_at: 'lastSignInAt' } as const);
        const page = await listAccounts(
          c.var.deps,
          c.var.tenant.appKey,
          {
            userIds: q.uuid,
            roleIds: q.role_uuid,
            names: textMatches(q.name),
            nicknames: textMatches(q.nickname),
            emails: textMatches(q.email),
            disabled: q.disabled,
            isSuper: q.is_super,
            isTemporary: q.is_temporary,
            minAttempts: q.min_sign_in_attempt_count,
            maxAttempts: q.max_sign_in_attempt_count,
          },
          request,
        );
        const items = await Promise.all(page.items.map((a) => userWire(c.var.deps, c.var.tenant.appKey, a)));
        return c.json(listAnswer(c, request, page, items), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/users/{user_uuid}', summary: 'Get a user', request: { params: userParam }, responses: { 200: json(User, 'The user') } }),
      async (c) => {
        const account = await requireAccount(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid);
        return c.json(await userWire(c.var.deps, c.var.tenant.appKey, account), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'patch',
        path: '/users/{user_uuid}',
        summary: 'Update a user',
        request: {
          params: userParam,
          body: { required: true, content: { 'application/json': { schema: UpdateUserBody } } },
        },
        responses: { 200: json(User, 'The updated user') },
      }),
      async (c) => {
        const account = await updateAccount(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid, c.req.valid('json'));
        return c.json(await userWire(c.var.deps, c.var.tenant.appKey, account), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/users/{user_uuid}', summary: 'Delete a user (in every face)', request: { params: userParam }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        await deleteAccount(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'post', path: '/users/{user_uuid}/enable', summary: 'Enable a user', request: { params: userParam }, responses: { 200: json(User, 'The user') } }),
      async (c) => c.json(await userWire(c.var.deps, c.var.tenant.appKey, await setDisabled(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid, false)), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'post', path: '/users/{user_uuid}/disable', summary: 'Disable a user (its refresh tokens stop working)', request: { params: userParam }, responses: { 200: json(User, 'The user') } }),
      async (c) => c.json(await userWire(c.var.deps, c.var.tenant.appKey, await setDisabled(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid, true)), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/users/{user_uuid}/password/temporary',
        summary: 'Create Temporary Password (shown once)',
        request: { params: userParam },
        responses: { 200: json(PasswordStatus.extend({ temporary_password: z.string() }), 'The new temporary password') },
      }),
      async (c) => {
        const { account, temporaryPassword } = await resetToTemporaryPassword(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid);
        return c.json({ ...passwordWire(account), temporary_password: temporaryPassword }, 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'post', path: '/users/{user_uuid}/password/unlock', summary: 'Unlock Password', request: { params: userParam }, responses: { 200: json(PasswordStatus, 'The password status') } }),
      async (c) => c.json(passwordWire(await unlockPassword(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid)), 200),
    );
}
