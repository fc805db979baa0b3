import { createRoute, z } from '@hono/zod-openapi';
import type { EdgeSortField } from '../../domain/edges/edge';
import {
  addEdgeSecret,
  assignEdgeOwner,
  createEdge,
  deleteEdge,
  edgeOfCaller,
  getEdge,
  listEdges,
  listOwnedEdges,
  removeEdgeSecret,
  unassignEdgeOwner,
  updateEdge,
  type EdgeView,
} from '../../domain/edges/edges';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';
import { me } from './me';
import { listAnswer, many, pageQuery, pageRequestOf, pageSchema, sortQuery } from './paging';
import { textFilter } from './text-match';

const common = { tags: ['Identity API: edges'], security: [{ SecretKey: [] }] };

const EdgeSecret = z.object({ id: z.number().int(), name: z.string(), last_used_at: z.string().nullable(), created_at: z.string() });
export const Edge = z
  .object({
    uuid: z.string(),
    name: z.string(),
    nickname: z.string(),
    description: z.string(),
    owner: z.object({ uuid: z.string(), name: z.string(), nickname: z.string() }).nullable(),
    secrets: z.array(EdgeSecret),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Edge');
/** Create responses add the first secret, shown this once. */
export const CreatedEdge = Edge.extend({ client_secret: z.string() });
export const CreatedSecret = EdgeSecret.extend({ secret: z.string() });

export function edgeWire(e: EdgeView) {
  return {
    uuid: e.edgeId,
    name: e.name,
    nickname: e.nickname,
    description: e.description,
    owner: e.owner ? { uuid: e.owner.userId, name: e.owner.name, nickname: e.owner.nickname } : null,
    secrets: e.secrets.map((s) => ({ id: s.id, name: s.name, last_used_at: s.lastUsedAt, created_at: s.createdAt })),
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

export const createdEdgeWire = (r: { edge: EdgeView; clientSecret: string }) => ({ ...edgeWire(r.edge), client_secret: r.clientSecret });
export const createdSecretWire = (s: { id: number; name: string; secret: string; lastUsedAt: string | null; createdAt: string }) => ({
  id: s.id,
  name: s.name,
  secret: s.secret,
  last_used_at: s.lastUsedAt,
  created_at: s.createdAt,
});

export const CreateEdgeBody = z.object({ name: z.string(), nickname: z.string().optional(), description: z.string().optional() });
export const UpdateEdgeBody = z.object({ name: z.string().optional(), nickname: z.string().optional(), description: z.string().optional() });
/** The name is optional (the reference's 1..511 characters); a nameless secret is called `secret`. */
export const CreateSecretBody = z.object({ name: z.string().optional() });

export const edgeParam = z.object({ edge_uuid: z.string().openapi({ param: { name: 'edge_uuid', in: 'path' } }) });
export const secretParam = edgeParam.extend({ secret_id: z.coerce.number().int().min(1).openapi({ param: { name: 'secret_id', in: 'path' }, type: 'integer' }) });
const userParam = z.object({ user_uuid: z.string().openapi({ param: { name: 'user_uuid', in: 'path' } }) });
const userEdgeParam = userParam.merge(edgeParam);

export const SORT_FIELDS = { name: 'name', created_at: 'createdAt', updated_at: 'updatedAt' } as const satisfies Record<string, EdgeSortField>;
/** Sort and paging of every edge list; `/edges` adds the filters. */
export const edgeListQuery = z.object({ sort: sortQuery(['name', 'created_at', 'updated_at'], 'name+') }).merge(pageQuery);
const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));

/** intdash "Edges", "User's Edges" and "Edge's Secrets" (paths: shared/spec/identity-api.md). */
export function edgeRoutes() {
  return (
    identityApp()
      // Before `/edges/{edge_uuid}`, which would otherwise take "me" for a uuid.
      .openapi(
        createRoute({
          ...common,
          security: [{ BearerToken: [] }],
          method: 'get',
          path: '/edges/me',
          summary: 'Get Edge having the same UUID as Me (an edge calling with its own token)',
          responses: { 200: json(Edge, 'The calling edge') },
        }),
        async (c) => c.json(edgeWire(await edgeOfCaller(c.var.deps, c.var.tenant.appKey, me(c))), 200),
      )
      .openapi(
        createRoute({
          ...common,
          method: 'get',
          path: '/edges',
          summary: 'List Edges',
          request: { query: edgeListQuery.extend({ uuid: many, name: textFilter, nickname: textFilter, owner_uuid: many, has_owner: flag }) },
          responses: { 200: json(pageSchema(Edge), 'A page of edges') },
        }),
        async (c) => {
          const q = c.req.valid('query');
          const request = pageRequestOf(q, SORT_FIELDS);
          const page = await listEdges(
            c.var.deps,
            c.var.tenant.appKey,
            { edgeIds: q.uuid, names: q.name, nicknames: q.nickname, ownerUserIds: q.owner_uuid, hasOwner: q.has_owner },
            request,
          );
          return c.json(listAnswer(c, request, page, page.items.map(edgeWire)), 200);
        },
      )
      .openapi(
        createRoute({
          ...common,
          method: 'post',
          path: '/edges',
          summary: 'Create Edge (no owner; the client secret is shown once)',
          request: { body: { required: true, content: { 'application/json': { schema: CreateEdgeBody } } } },
          responses: { 201: json(CreatedEdge, 'Created') },
        }),
        async (c) => c.json(createdEdgeWire(await createEdge(c.var.deps, c.var.tenant.appKey, c.req.valid('json'))), 201),
      )
      .openapi(
        createRoute({ ...common, method: 'get', path: '/edges/{edge_uuid}', summary: 'Get Edge', request: { params: edgeParam }, responses: { 200: json(Edge, 'The edge') } }),
        async (c) => c.json(edgeWire(await getEdge(c.var.deps, c.var.tenant.appKey, c.req.valid('param').edge_uuid)), 200),
      )
      .openapi(
        createRoute({
          ...common,
          method: 'patch',
          path: '/edges/{edge_uuid}',
          summary: 'Update Edge',
          request: { params: edgeParam, body: { required: true, content: { 'application/json': { schema: UpdateEdgeBody } } } },
          responses: { 200: json(Edge, 'The updated edge') },
        }),
        async (c) => c.json(edgeWire(await updateEdge(c.var.deps, c.var.tenant.appKey, c.req.valid('param').edge_uuid, c.req.valid('json'))), 200),
      )
      .openapi(
        createRoute({ ...common, method: 'delete', path: '/edges/{edge_uuid}', summary: 'Delete Edge (principal, client, secrets)', request: { params: edgeParam }, responses: { 204: { description: 'Deleted' } } }),
        async (c) => {
          await deleteEdge(c.var.deps, c.var.tenant.appKey, c.req.valid('param').edge_uuid);
          return c.body(null, 204);
        },
      )
      .openapi(
        createRoute({
          ...common,
          method: 'put',
          path: '/edges/{edge_uuid}/owner',
          summary: 'Assign Owner',
          request: { params: edgeParam, body: { required: true, content: { 'application/json': { schema: z.object({ user_uuid: z.string() }) } } } },
          responses: { 200: json(z.object({ user_uuid: z.string() }), 'The owner') },
        }),
        async (c) => {
          const { userId } = await assignEdgeOwner(c.var.deps, c.var.tenant.appKey, c.req.valid('param').edge_uuid, c.req.valid('json').user_uuid);
          return c.json({ user_uuid: userId }, 200);
        },
      )
      .openapi(
        createRoute({ ...common, method: 'delete', path: '/edges/{edge_uuid}/owner', summary: 'Unassign Owner', request: { params: edgeParam }, responses: { 204: { description: 'The edge has no owner' } } }),
        async (c) => {
          await unassignEdgeOwner(c.var.deps, c.var.tenant.appKey, c.req.valid('param').edge_uuid);
          return c.body(null, 204);
        },
      )
      .openapi(
        createRoute({
          ...common,
          method: 'post',
          path: '/edges/{edge_uuid}/secrets',
          summary: "Create Edge's Secret (shown once)",
          request: { params: edgeParam, body: { required: false, content: { 'application/json': { schema: CreateSecretBody } } } },
          responses: { 201: json(CreatedSecret, 'Created') },
        }),
        async (c) => c.json(createdSecretWire(await addEdgeSecret(c.var.deps, c.var.tenant.appKey, c.req.valid('param').edge_uuid, c.req.valid('json').name)), 201),
      )
      .openapi(
        createRoute({ ...common, method: 'delete', path: '/edges/{edge_uuid}/secrets/{secret_id}', summary: "Delete Edge's Secret", request: { params: secretParam }, responses: { 204: { description: 'Deleted' } } }),
        async (c) => {
          const p = c.req.valid('param');
          await removeEdgeSecret(c.var.deps, c.var.tenant.appKey, p.edge_uuid, p.secret_id);
          return c.body(null, 204);
        },
      )
      .openapi(
        createRoute({
          ...common,
          method: 'get',
          path: '/users/{user_uuid}/edges',
          summary: "List User's Edges",
          request: { params: userParam, query: edgeListQuery },
          responses: { 200: json(pageSchema(Edge), 'The edges the user owns') },
        }),
        async (c) => {
          const request = pageRequestOf(c.req.valid('query'), SORT_FIELDS);
          const page = await listOwnedEdges(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid, request);
          return c.json(listAnswer(c, request, page, page.items.map(edgeWire)), 200);
        },
      )
      .openapi(
        createRoute({
          ...common,
          method: 'post',
          path: '/users/{user_uuid}/edges',
          summary: "Create User's Edge (the client secret is shown once)",
          request: { params: userParam, body: { required: true, content: { 'application/json': { schema: CreateEdgeBody } } } },
          responses: { 201: json(CreatedEdge, 'Created') },
        }),
        async (c) => {
          const created = await createEdge(c.var.deps, c.var.tenant.appKey, { ...c.req.valid('json'), ownerUserId: c.req.valid('param').user_uuid });
          return c.json(createdEdgeWire(created), 201);
        },
      )
      .openapi(
        createRoute({ ...common, method: 'get', path: '/users/{user_uuid}/edges/{edge_uuid}', summary: "Get User's Edge", request: { params: userEdgeParam }, responses: { 200: json(Edge, 'The edge') } }),
        async (c) => {
          const p = c.req.valid('param');
          return c.json(edgeWire(await getEdge(c.var.deps, c.var.tenant.appKey, p.edge_uuid, { ownerUserId: p.user_uuid })), 200);
        },
      )
      .openapi(
        createRoute({
          ...common,
          method: 'patch',
          path: '/users/{user_uuid}/edges/{edge_uuid}',
          summary: "Update User's Edge",
          request: { params: userEdgeParam, body: { required: true, content: { 'application/json': { schema: UpdateEdgeBody } } } },
          responses: { 200: json(Edge, 'The updated edge') },
        }),
        async (c) => {
          const p = c.req.valid('param');
          return c.json(edgeWire(await updateEdge(c.var.deps, c.var.tenant.appKey, p.edge_uuid, c.req.valid('json'), { ownerUserId: p.user_uuid })), 200);
        },
      )
      .openapi(
        createRoute({ ...common, method: 'delete', path: '/users/{user_uuid}/edges/{edge_uuid}', summary: "Delete User's Edge", request: { params: userEdgeParam }, responses: { 204: { description: 'Deleted' } } }),
        async (c) => {
          const p = c.req.valid('param');
          await deleteEdge(c.var.deps, c.var.tenant.appKey, p.edge_uuid, { ownerUserId: p.user_uuid });
          return c.body(null, 204);
        },
      )
  );
}
