import { createRoute, z } from '@hono/zod-openapi';
import type { Group } from '../../domain/groups/group';
import { createGroup, deleteGroup, listGroups, renameGroup, requireGroup } from '../../domain/groups/groups';
import { addMember, getMember, listMembers, removeMember, updateMemberRoles, type MemberView } from '../../domain/groups/members';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';
import { EmailSchema, emailWire } from './emails';
import { flag, listAnswer, many, pageQuery, pageRequestOf, pageSchema, sortQuery } from './paging';

const common: { tags: string[]; security: Record<string, string[]>[] } = { tags: ['Identity API: groups'], security: [{ SecretKey: [] }, { BearerToken: [] }] };
const memberTags = { ...common, tags: ['Identity API: group members'] };

export const GroupSchema = z
  .object({ uuid: z.string(), parent_group_uuid: z.string().nullable(), name: z.string(), created_at: z.string(), updated_at: z.string() })
  .openapi('Group');
export const groupWire = (g: Group) => ({ uuid: g.groupId, parent_group_uuid: g.parentGroupId, name: g.name, created_at: g.createdAt, updated_at: g.updatedAt });

const MemberSchema = z
  .object({
    user_uuid: z.string(),
    name: z.string(),
    emails: z.array(EmailSchema),
    inherited_role_uuids: z.array(z.string()),
    role_uuids: z.array(z.string()),
    is_owner: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('GroupMember');
const memberWire = (v: MemberView) => ({
  user_uuid: v.member.userId,
  name: v.name,
  emails: v.emails.map(emailWire),
  inherited_role_uuids: v.inheritedRoleIds,
  role_uuids: v.roleIds,
  is_owner: v.member.isOwner,
  created_at: v.member.createdAt,
  updated_at: v.member.updatedAt,
});

const SORT_FIELDS = { name: 'name', created_at: 'createdAt', updated_at: 'updatedAt' } as const;
const listQuery = pageQuery.extend({ sort: sortQuery(['name', 'created_at', 'updated_at'], 'name+') });
const groupParams = z.object({ group_uuid: z.string().openapi({ param: { name: 'group_uuid', in: 'path' } }) });
const memberParams = groupParams.extend({ user_uuid: z.string().openapi({ param: { name: 'user_uuid', in: 'path' } }) });
const nameBody = z.object({ name: z.string() });
const roleUuids = z.array(z.string().max(36)).max(1000);
const body = <S extends z.ZodTypeAny>(schema: S) => ({ body: { required: true, content: { 'application/json': { schema } } } });

/** intdash "Groups" and "Group Members" (paths: shared/spec/identity-api.md). */
export function groupRoutes() {
  return identityApp()
    .openapi(
      createRoute({ ...common, method: 'get', path: '/me/groups', summary: 'List My Groups (groups the caller is a direct member of)', request: { query: listQuery }, responses: { 200: json(pageSchema(GroupSchema), 'A page of groups') } }),
      async (c) => {
        const request = pageRequestOf(c.req.valid('query'), SORT_FIELDS);
        const page = await listGroups(c.var.deps, c.var.tenant.appKey, { memberOf: c.var.principal }, request);
        return c.json(listAnswer(c, request, page, page.items.map(groupWire)), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/groups', summary: 'List Groups (every group, sub-groups included)', request: { query: listQuery }, responses: { 200: json(pageSchema(GroupSchema), 'A page of groups') } }),
      async (c) => {
        const request = pageRequestOf(c.req.valid('query'), SORT_FIELDS);
        const page = await listGroups(c.var.deps, c.var.tenant.appKey, {}, request);
        return c.json(listAnswer(c, request, page, page.items.map(groupWire)), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'post', path: '/groups', summary: 'Create Group (a user creating it becomes its owner)', request: body(nameBody), responses: { 201: json(GroupSchema, 'Created') } }),
      async (c) => c.json(groupWire(await createGroup(c.var.deps, c.var.tenant.appKey, c.var.principal, { name: c.req.valid('json').name })), 201),
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/groups/{group_uuid}', summary: 'Get Group', request: { params: groupParams }, responses: { 200: json(GroupSchema, 'The group') } }),
      async (c) => c.json(groupWire(await requireGroup(c.var.deps, c.var.tenant.appKey, c.req.valid('param').group_uuid)), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'patch', path: '/groups/{group_uuid}', summary: 'Update Group', request: { params: groupParams, ...body(z.object({ name: z.string().optional() })) }, responses: { 200: json(GroupSchema, 'The updated group') } }),
      async (c) => c.json(groupWire(await renameGroup(c.var.deps, c.var.tenant.appKey, c.req.valid('param').group_uuid, c.req.valid('json'))), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/groups/{group_uuid}', summary: 'Delete Group (its sub-groups, members and their roles there too)', request: { params: groupParams }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        await deleteGroup(c.var.deps, c.var.tenant.appKey, c.req.valid('param').group_uuid);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/groups/{group_uuid}/sub-groups', summary: 'List Sub-groups (direct children)', request: { params: groupParams, query: listQuery }, responses: { 200: json(pageSchema(GroupSchema), 'A page of groups') } }),
      async (c) => {
        const request = pageRequestOf(c.req.valid('query'), SORT_FIELDS);
        const page = await listGroups(c.var.deps, c.var.tenant.appKey, { parentGroupId: c.req.valid('param').group_uuid }, request);
        return c.json(listAnswer(c, request, page, page.items.map(groupWire)), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'post', path: '/groups/{group_uuid}/sub-groups', summary: 'Create Sub-group', request: { params: groupParams, ...body(nameBody) }, responses: { 201: json(GroupSchema, 'Created') } }),
      async (c) =>
        c.json(groupWire(await createGroup(c.var.deps, c.var.tenant.appKey, c.var.principal, { name: c.req.valid('json').name, parentGroupId: c.req.valid('param').group_uuid })), 201),
    )
    .openapi(
      createRoute({
        ...memberTags,
        method: 'get',
        path: '/groups/{group_uuid}/members',
        summary: 'List Group Members',
        request: { params: groupParams, query: listQuery.extend({ is_owner: flag, user_uuid: many }) },
        responses: { 200: json(pageSchema(MemberSchema), 'A page of members') },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const request = pageRequestOf(q, SORT_FIELDS);
        const page = await listMembers(c.var.deps, c.var.tenant.appKey, c.req.valid('param').group_uuid, { isOwner: q.is_owner, userIds: q.user_uuid }, request);
        return c.json(listAnswer(c, request, page, page.items.map(memberWire)), 200);
      },
    )
    .openapi(
      createRoute({
        ...memberTags,
        method: 'post',
        path: '/groups/{group_uuid}/members',
        summary: 'Add Group Member (user_uuid wins over user_email_address)',
        request: { params: groupParams, ...body(z.object({ user_email_address: z.string().max(512).nullish(), user_uuid: z.string().max(36).nullish(), role_uuids: roleUuids })) },
        responses: { 201: json(MemberSchema, 'Added') },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const view = await addMember(c.var.deps, c.var.tenant.appKey, c.req.valid('param').group_uuid, { userUuid: b.user_uuid, userEmailAddress: b.user_email_address, roleUuids: b.role_uuids });
        return c.json(memberWire(view), 201);
      },
    )
    .openapi(
      createRoute({ ...memberTags, method: 'get', path: '/groups/{group_uuid}/members/{user_uuid}', summary: 'Get Group Member', request: { params: memberParams }, responses: { 200: json(MemberSchema, 'The member') } }),
      async (c) => {
        const p = c.req.valid('param');
        return c.json(memberWire(await getMember(c.var.deps, c.var.tenant.appKey, p.group_uuid, p.user_uuid)), 200);
      },
    )
    .openapi(
      createRoute({
        ...memberTags,
        method: 'patch',
        path: '/groups/{group_uuid}/members/{user_uuid}',
        summary: "Update Group Member (role_uuids replace the member's roles in the group; not the owner's)",
        request: { params: memberParams, ...body(z.object({ role_uuids: roleUuids })) },
        responses: { 200: json(MemberSchema, 'The updated member') },
      }),
      async (c) => {
        const p = c.req.valid('param');
        return c.json(memberWire(await updateMemberRoles(c.var.deps, c.var.tenant.appKey, p.group_uuid, p.user_uuid, c.req.valid('json').role_uuids)), 200);
      },
    )
    .openapi(
      createRoute({ ...memberTags, method: 'delete', path: '/groups/{group_uuid}/members/{user_uuid}', summary: 'Delete Group Member (not the owner)', request: { params: memberParams }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        const p = c.req.valid('param');
        await removeMember(c.var.deps, c.var.tenant.appKey, p.group_uuid, p.user_uuid);
        return c.body(null, 204);
      },
    );
}
