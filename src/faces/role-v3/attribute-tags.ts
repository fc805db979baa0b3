import { z } from '@hono/zod-openapi';
import { addAttributeTags, listAttributeTagIds, removeAttributeTags, searchAttributeTags, type AttributeTagSortField } from '../../domain/attributes/attribute-tags';
import { roleApp } from './app';
import { AttributeTagProtocol, attributeTagWire } from './attribute-wire';
import { ok, written } from './envelope';
import { pageRequest, pagingQuery } from './paging';
import { jsonRequest, pathParams, roleRoute } from './route';

const tag = 'Condition attribute tags';
const params = pathParams({ attributeId: z.string().openapi({ param: { name: 'attributeId', in: 'path' } }) });
const ids = z.object({ attributeTagIds: z.array(z.string()) });
const SearchRequest = z.object({
  attributeIdPreLike: z.string().nullish(),
  attributeIds: z.array(z.string()).nullish(),
  attributeTagIdPreLike: z.string().nullish(),
  attributeTagIds: z.array(z.string()).nullish(),
});
const filter = (b: z.infer<typeof SearchRequest>) => ({
  attributeIdPreLike: b.attributeIdPreLike ?? undefined,
  attributeIds: b.attributeIds ?? undefined,
  attributeTagIdPreLike: b.attributeTagIdPreLike ?? undefined,
  attributeTagIds: b.attributeTagIds ?? undefined,
});
const idSort = pagingQuery<'attributeTagId'>({ 'id.attributeTagId': 'attributeTagId', attributeTagId: 'attributeTagId' }, [
  { field: 'attributeTagId', direction: 'ASC' },
]);
const tagSort = pagingQuery<AttributeTagSortField>(
  { 'id.attributeTagId': 'attributeTagId', attributeTagId: 'attributeTagId', 'id.attributeId': 'attributeId', attributeId: 'attributeId', regYmdt: 'createdAt' },
  [{ field: 'attributeTagId', direction: 'ASC' }],
);

/** Reference section 条件属性タグ (A6). */
export function attributeTagRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: '/attributes/tags/id',
        tag,
        summary: 'List distinct attribute tag ids',
        request: { params: pathParams({}), query: z.object(idSort), body: jsonRequest(SearchRequest.openapi('SearchAttributeTagIds.Request')) },
        response: { name: 'SearchAttributeTagIds.Response', fields: { totalItems: z.number().int(), attributeTagIds: z.array(z.string()) } },
      }),
      async (c) => {
        const page = await listAttributeTagIds(c.var.deps, c.var.tenant.appKey, filter(c.req.valid('json')), pageRequest(c.req.valid('query')));
        return ok(c, { totalItems: page.totalItems, attributeTagIds: page.items });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/attributes/tags/search',
        tag,
        summary: 'List (attribute, tag) pairs',
        request: { params: pathParams({}), query: z.object(tagSort), body: jsonRequest(SearchRequest.openapi('SearchAttributeTags.Request')) },
        response: { name: 'SearchAttributeTags.Response', fields: { totalItems: z.number().int(), attributeTags: z.array(AttributeTagProtocol) } },
      }),
      async (c) => {
        const page = await searchAttributeTags(c.var.deps, c.var.tenant.appKey, filter(c.req.valid('json')), pageRequest(c.req.valid('query')));
        return ok(c, { totalItems: page.totalItems, attributeTags: page.items.map(attributeTagWire) });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/attributes/{attributeId}/tags',
        tag,
        summary: 'Add tags to the attribute',
        request: { params, body: jsonRequest(ids.openapi('CreateAttributeTags.Request')) },
      }),
      async (c) => written(c, (await addAttributeTags(c.var.deps, c.var.tenant.appKey, c.req.valid('param').attributeId, c.req.valid('json').attributeTagIds)).revision),
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/attributes/{attributeId}/tags',
        tag,
        summary: 'Remove tags from the attribute',
        request: { params, body: jsonRequest(ids.openapi('DeleteAttributeTags.Request')) },
      }),
      async (c) =>
        written(c, (await removeAttributeTags(c.var.deps, c.var.tenant.appKey, c.req.valid('param').attributeId, c.req.valid('json').attributeTagIds)).revision),
    );
}
