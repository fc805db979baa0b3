import { createRoute } from '@hono/zod-openapi';
import { addEdgeSecret, createEdge, deleteEdge, getEdge, listOwnedEdges, removeEdgeSecret, updateEdge } from '../../domain/edges/edges';
import { jsonContent as json } from '../shared/openapi';
import { identityApp } from './app';
import {
  CreatedEdge,
  createdEdgeWire,
  CreatedSecret,
  createdSecretWire,
  CreateEdgeBody,
  CreateSecretBody,
  Edge,
  edgeListQuery,
  edgeParam,
  edgeWire,
  secretParam,
  SORT_FIELDS,
  UpdateEdgeBody,
} from './edges';
import { me } from './me';
import { listAnswer, pageRequestOf, pageSchema } from './paging';

const common = { tags: ['Identity API: my edges'], security: [{ BearerToken: [] }] };

/** intdash "Authenticated User's Edges" and their secrets: the edges the calling user owns. */
export function myEdgeRoutes() {
  return identityApp()
    .openapi(
      createRoute({ ...common, method: 'get', path: '/me/edges', summary: 'List My Edges', request: { query: edgeListQuery }, responses: { 200: json(pageSchema(Edge), 'The edges I own') } }),
      async (c) => {
        const request = pageRequestOf(c.req.valid('query'), SORT_FIELDS);
        const page = await listOwnedEdges(c.var.deps, c.var.tenant.appKey, me(c), request, 'caller');
        return c.json(listAnswer(c, request, page, page.items.map(edgeWire)), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/me/edges',
        summary: 'Create My Edge (the client secret is shown once)',
        request: { body: { required: true, content: { 'application/json': { schema: CreateEdgeBody } } } },
        responses: { 201: json(CreatedEdge, 'Created') },
      }),
      async (c) => c.json(createdEdgeWire(await createEdge(c.var.deps, c.var.tenant.appKey, { ...c.req.valid('json'), ownerUserId: me(c) }, 'caller')), 201),
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/me/edges/{edge_uuid}', summary: 'Get My Edge', request: { params: edgeParam }, responses: { 200: json(Edge, 'The edge') } }),
      async (c) => c.json(edgeWire(await getEdge(c.var.deps, c.var.tenant.appKey, c.req.valid('param').edge_uuid, { ownerUserId: me(c) })), 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'put',
        path: '/me/edges/{edge_uuid}',
        summary: 'Create My Edge with UUID (the client secret is shown once)',
        request: { params: edgeParam, body: { required: true, content: { 'application/json': { schema: CreateEdgeBody } } } },
        responses: { 201: json(CreatedEdge, 'Created') },
      }),
      async (c) => {
        const input = { ...c.req.valid('json'), ownerUserId: me(c), edgeId: c.req.valid('param').edge_uuid };
        return c.json(createdEdgeWire(await createEdge(c.var.deps, c.var.tenant.appKey, input, 'caller')), 201);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'patch',
        path: '/me/edges/{edge_uuid}',
        summary: 'Update My Edge',
        request: { params: edgeParam, body: { required: true, content: { 'application/json': { schema: UpdateEdgeBody } } } },
        responses: { 200: json(Edge, 'The updated edge') },
      }),
      async (c) => c.json(edgeWire(await updateEdge(c.var.deps, c.var.tenant.appKey, c.req.valid('param').edge_uuid, c.req.valid('json'), { ownerUserId: me(c) })), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/me/edges/{edge_uuid}', summary: 'Delete My Edge', request: { params: edgeParam }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        await deleteEdge(c.var.deps, c.var.tenant.appKey, c.req.valid('param').edge_uuid, { ownerUserId: me(c) });
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/me/edges/{edge_uuid}/secrets',
        summary: 'Create My Edge Secret (shown once)',
        request: { params: edgeParam, body: { required: false, content: { 'application/json': { schema: CreateSecretBody } } } },
        responses: { 201: json(CreatedSecret, 'Created') },
      }),
      async (c) => c.json(createdSecretWire(await addEdgeSecret(c.var.deps, c.var.tenant.appKey, c.req.valid('param').edge_uuid, c.req.valid('json').name, { ownerUserId: me(c) })), 201),
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/me/edges/{edge_uuid}/secrets/{secret_id}', summary: 'Delete My Edge Secret', request: { params: secretParam }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        const p = c.req.valid('param');
        await removeEdgeSecret(c.var.deps, c.var.tenant.appKey, p.edge_uuid, p.secret_id, { ownerUserId: me(c) });
        return c.body(null, 204);
      },
    );
}
