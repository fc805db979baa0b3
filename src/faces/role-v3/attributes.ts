import { z } from '@hono/zod-openapi';
import type { AttributeFilter } from '../../domain/attributes/attribute';
import {
  createAttribute,
  deleteAttributes,
  getAttribute,
  listAttributeIds,
  searchAttributes,
  updateAttribute,
} from '../../domain/attributes/attributes';
import { DATA_TYPES } from '../../domain/conditions/condition';
import { roleApp } from './app';
import { attributeBundleWire, AttributeBundleProtocol, attributeSort } from './attribute-wire';
import { ok, written } from './envelope';
import { pageRequest } from './paging';
import { jsonRequest, pathParams, roleRoute } from './route';

const tag = 'Condition attributes';
const idParam = { attributeId: z.string().openapi({ param: { name: 'attributeId', in: 'path' } }) };
const dataType = z.enum(DATA_TYPES);
const fields = {
  attributeDataTypeCode: dataType,
  attributeName: z.string().nullish(),
  attributeRoleRelationIds: z.array(z.string()).nullish(),
  attributeTagIds: z.array(z.string()).nullish(),
  description: z.string().nullish(),
};

const SearchRequest = z
  .object({
    attributeCreationTypeCodes: z.array(z.enum(['COMMON_ATTRIBUTE', 'ROLE_ATTRIBUTE'])).nullish(),
    attributeDataTypeCodes: z.array(dataType).nullish(),
    attributeIdPreLike: z.string().nullish(),
    attributeIds: z.array(z.string()).nullish(),
    attributeTagIds: z.array(z.string()).nullish(),
    descriptionLike: z.string().nullish(),
    roleIdPreLike: z.string().nullish(),
    roleIds: z.array(z.string()).nullish(),
  })
  .openapi('SearchAttributes.Request');

function filter(b: z.infer<typeof SearchRequest>): AttributeFilter {
  return {
    creationTypes: b.attributeCreationTypeCodes ?? undefined,
    dataTypes: b.attributeDataTypeCodes ?? undefined,
    attributeIdPreLike: b.attributeIdPreLike ?? undefined,
    attributeIds: b.attributeIds ?? undefined,
    attributeTagIds: b.attributeTagIds ?? undefined,
    descriptionLike: b.descriptionLike ?? undefined,
    roleIdPreLike: b.roleIdPreLike ?? undefined,
    roleIds: b.roleIds ?? undefined,
  };
}

/** `forceDelete=true|false` (any case, like the reference's Java stack); absent = false. */
const booleanQuery = z
  .string()
  .regex(/^(true|false)$/i, 'forceDelete must be true or false')
  .optional()
  .transform((v) => v?.toLowerCase() === 'true')
  .openapi({ type: 'boolean' });

/** Reference section 条件属性. */
export function attributeRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: '/attributes',
        tag,
        summary: 'Create a condition attribute',
        request: { params: pathParams({}), body: jsonRequest(z.object({ attributeId: z.string(), ...fields }).openapi('CreateAttribute.Request')) },
      }),
      async (c) => written(c, (await createAttribute(c.var.deps, c.var.tenant.appKey, c.req.valid('json'))).revision),
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/attributes',
        tag,
        summary: 'Delete attributes (all or nothing; forceDelete strips the conditions using them)',
        request: { params: pathParams({}), body: jsonRequest(z.object({ attributeIds: z.array(z.string()), forceDelete: z.boolean().nullish() })) },
      }),
      async (c) => {
        const b = c.req.valid('json');
        return written(c, (await deleteAttributes(c.var.deps, c.var.tenant.appKey, b.attributeIds, b.forceDelete ?? false)).revision);
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/attributes/id',
        tag,
        summary: 'List attribute ids',
        request: { params: pathParams({}), query: z.object(attributeSort), body: jsonRequest(SearchRequest) },
        response: { name: 'SearchAttributeIds.Response', fields: { totalItems: z.number().int(), attributeIds: z.array(z.string()) } },
      }),
      async (c) => {
        const page = await listAttributeIds(c.var.deps, c.var.tenant.appKey, filter(c.req.valid('json')), pageRequest(c.req.valid('query')));
        return ok(c, { totalItems: page.totalItems, attributeIds: page.items.map((a) => a.attributeId) });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/attributes/search',
        tag,
        summary: 'Search attributes',
        request: { params: pathParams({}), query: z.object(attributeSort), body: jsonRequest(SearchRequest) },
        response: { name: 'SearchAttributes.Response', fields: { totalItems: z.number().int(), attributes: z.array(AttributeBundleProtocol) } },
      }),
      async (c) => {
        const page = await searchAttributes(c.var.deps, c.var.tenant.appKey, filter(c.req.valid('json')), pageRequest(c.req.valid('query')));
        return ok(c, { totalItems: page.totalItems, attributes: page.items.map(attributeBundleWire) });
      },
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/attributes/{attributeId}',
        tag,
        summary: 'Get an attribute',
        request: { params: pathParams(idParam) },
        response: { name: 'GetAttribute.Response', fields: { attribute: AttributeBundleProtocol, attributeInUse: z.boolean() } },
      }),
      async (c) => {
        const { attribute, inUse } = await getAttribute(c.var.deps, c.var.tenant.appKey, c.req.valid('param').attributeId);
        return ok(c, { attribute: attributeBundleWire(attribute), attributeInUse: inUse });
      },
    )
    .openapi(
      roleRoute({
        method: 'put',
        path: '/attributes/{attributeId}',
        tag,
        summary: 'Update an attribute',
        request: { params: pathParams(idParam), body: jsonRequest(z.object(fields).openapi('UpdateAttribute.Request')) },
      }),
      async (c) => written(c, (await updateAttribute(c.var.deps, c.var.tenant.appKey, c.req.valid('param').attributeId, c.req.valid('json'))).revision),
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: '/attributes/{attributeId}',
        tag,
        summary: 'Delete an attribute',
        request: { params: pathParams(idParam), query: z.object({ forceDelete: booleanQuery }) },
      }),
      async (c) => {
        const { attributeId } = c.req.valid('param');
        return written(c, (await deleteAttributes(c.var.deps, c.var.tenant.appKey, [attributeId], c.req.valid('query').forceDelete)).revision);
      },
    );
}
