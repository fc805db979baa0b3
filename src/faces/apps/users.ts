import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteUserImage, setUserImage, userImage } from '../../domain/apps/images';
import { assignServiceRoles, getAppsUser, listAppsUsers, unassignServiceRoles, type AppsUserFilter } from '../../domain/apps/users';
import type { Page } from '../../domain/paging';
import type { AppsUser } from '../../domain/apps/users';
import type { AppEnv } from '../../env';
import { flag, logtoPageRequest, logtoPagingQuery, many } from '../shared/query';
import { setPaginationHeaders } from '../shared/pagination-headers';
import { jsonContent as json } from '../shared/openapi';
import { AppsError, appsApp, appsCommon, appsErrors, appsImageUpload } from './app';
import { imageMetaWire, imageResponse, imageResponses, readUpload } from './images';
import { AppsUserSchema, userWire } from './wire';

const common = appsCommon('users');
const accountParam = z.object({ account_id: z.string().max(256).openapi({ param: { name: 'account_id', in: 'path' } }) });
const SORT = { name: 'name', created_at: 'createdAt', updated_at: 'updatedAt' } as const;
/** Logto paging (`page` from 1, `page_size` 1..100, default 20) and `sort` (`name`, `-name`, `created_at`, `-created_at`, …). */
const listQuery = {
  ...logtoPagingQuery,
  sort: z.enum(['name', '-name', 'created_at', '-created_at', 'updated_at', '-updated_at']).default('name'),
};
const queryFilters = {
  account_id: many,
  name: many.openapi({ description: 'Part of the user name (case-insensitive); repeat for any of several' }),
  nickname: many,
  email: many.openapi({ description: 'Part of an e-mail address (case-insensitive)' }),
  disabled: flag,
  service_partition: z.string().optional().openapi({ description: 'Users assigned a role of this service partition' }),
  role: many.openapi({ description: 'With service_partition: users assigned one of these roles of it' }),
};
const RolesBody = z.object({ service_partition: z.string(), roles: z.array(z.string()).min(1).max(100) }).openapi('AppsServiceRolesChange');

/** The list answer (Logto): a JSON array of users, with `Total-Number` and `Link` headers. */
function listAnswer(c: Context, q: { page: number; page_size: number }, page: Page<AppsUser>) {
  setPaginationHeaders(c, { page: q.page, pageSize: q.page_size, total: page.totalItems, pageParam: 'page', sizeParam: 'page_size' });
  return page.items.map(userWire);
}

const pageOf = (q: { page: number; page_size: number; sort: keyof typeof SORT | `-${keyof typeof SORT}` }) =>
  logtoPageRequest(q, [{ field: SORT[q.sort.replace(/^-/, '') as keyof typeof SORT], direction: q.sort.startsWith('-') ? 'DESC' : 'ASC' }]);

const list = (c: Context<AppEnv>, q: Parameters<typeof pageOf>[0], filter: AppsUserFilter) => listAppsUsers(c.var.deps, c.var.tenant, c.var.appsCaller, filter, pageOf(q));

/** User management and service roles. */
export function userRoutes() {
  return appsApp()
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/users',
        summary: 'The users the caller may see (organization admins and product owners: every user of the organization; others: themselves)',
        request: { query: z.object(listQuery) },
        responses: { 200: json(z.array(AppsUserSchema), 'A page of users (Total-Number, Link)'), ...appsErrors },
      }),
      async (c) => {
        const q = c.req.valid('query');
        return c.json(listAnswer(c, q, await list(c, q, {})), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/users/query',
        summary: 'Search the users the caller may see',
        request: { query: z.object({ ...listQuery, ...queryFilters }) },
        responses: { 200: json(z.array(AppsUserSchema), 'A page of matching users (Total-Number, Link)'), ...appsErrors },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const filter: AppsUserFilter = {
          accountIds: q.account_id,
          names: q.name,
          nicknames: q.nickname,
          emails: q.email,
          disabled: q.disabled,
          servicePartition: q.service_partition,
          roles: q.role,
        };
        return c.json(listAnswer(c, q, await list(c, q, filter)), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/users/{account_id}', summary: 'A user', request: { params: accountParam }, responses: { 200: json(AppsUserSchema, 'The user'), ...appsErrors } }),
      async (c) => c.json(userWire(await getAppsUser(c.var.deps, c.var.tenant, c.var.appsCaller, c.req.valid('param').account_id)), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/users/{account_id}/images/profile', summary: "A user's profile image", request: { params: accountParam }, responses: { ...imageResponses, ...appsErrors } }),
      async (c) => imageResponse(c, await userImage(c.var.deps, c.var.tenant, c.var.appsCaller, c.req.valid('param').account_id)),
    )
    .openapi(
      createRoute({ ...common, method: 'put', path: '/users/{account_id}/images/profile', summary: "Set a user's profile image (the user, or organization admins)", ...appsImageUpload(), request: { ...appsImageUpload().request, params: accountParam } }),
      async (c) => c.json(imageMetaWire(await setUserImage(c.var.deps, c.var.tenant, c.var.appsCaller, c.req.valid('param').account_id, await readUpload(c))), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'delete',
        path: '/users/{account_id}/images/profile',
        summary: "Remove a user's profile image (the user, or organization admins)",
        request: { params: accountParam },
        responses: { 204: { description: 'Removed' }, ...appsErrors },
      }),
      async (c) => {
        await deleteUserImage(c.var.deps, c.var.tenant, c.var.appsCaller, c.req.valid('param').account_id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        ...appsCommon('service roles'),
        method: 'post',
        path: '/users/{account_id}/service_roles',
        summary: "Assign roles of a service partition (organization admins; the partition's product owner)",
        request: { params: accountParam, body: { required: true, content: { 'application/json': { schema: RolesBody } } } },
        responses: { 200: json(AppsUserSchema, 'The user with its service roles'), 409: json(AppsError, 'Conflict'), ...appsErrors },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const user = await assignServiceRoles(c.var.deps, c.var.tenant, c.var.appsCaller, c.req.valid('param').account_id, { servicePartition: b.service_partition, roles: b.roles });
        return c.json(userWire(user), 200);
      },
    )
    .openapi(
      createRoute({
        ...appsCommon('service roles'),
        method: 'post',
        path: '/users/{account_id}/service_roles/unassign',
        summary: "Unassign roles of a service partition (organization admins; the partition's product owner)",
        request: { params: accountParam, body: { required: true, content: { 'application/json': { schema: RolesBody } } } },
        responses: { 200: json(AppsUserSchema, 'The user with its service roles'), ...appsErrors },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const user = await unassignServiceRoles(c.var.deps, c.var.tenant, c.var.appsCaller, c.req.valid('param').account_id, { servicePartition: b.service_partition, roles: b.roles });
        return c.json(userWire(user), 200);
      },
    );
}
