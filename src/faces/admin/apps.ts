import { createRoute, z } from '@hono/zod-openapi';
import { allowClient, disallowClient, listAllowedClients } from '../../domain/apps/allowed-clients';
import { deleteContract, publishContracts, putContract, recordedContracts } from '../../domain/apps/contracts';
import { operatorDeleteOrganizationLogo, operatorDeleteUserImage, operatorSetOrganizationLogo, operatorSetUserImage } from '../../domain/apps/images';
import type { Contract } from '../../domain/apps/model';
import { ImageMeta, imageBodyLimit, imageMetaWire, imageUploadBody, readUpload } from '../apps/images';
import { adminApp, adminErrors as errors, adminFailure, errorSchema, jsonContent as json } from './app';
import { logtoPageRequest, logtoPagingQuery } from '../shared/query';
import { pageBody } from './paging';
import { optionalJsonBody } from '../shared/optional-body';

const common = { tags: ['Operator: Apps API'], security: [{ AdminToken: [] }] };
const path = (name: string) => z.string().openapi({ param: { name, in: 'path' } });
const tenantParam = z.object({ appKey: path('appKey') });
const clientParam = tenantParam.extend({ clientId: path('clientId') });
const partitionParam = tenantParam.extend({ servicePartition: path('servicePartition') });

const AllowedClientSchema = z.object({ clientId: z.string(), createdAt: z.string() }).openapi('AppsAllowedClient');
const ContractBody = z
  .object({
    status: z.enum(['active', 'suspended', 'cancelled']),
    plan: z.string().max(256).nullish(),
    startsAt: z.string().nullish().openapi({ description: 'ISO 8601; the contract is in force from then' }),
    endsAt: z.string().nullish().openapi({ description: 'ISO 8601; the contract is in force until then (exclusive)' }),
    attributes: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('AppsContractRecord');
const ContractSchema = ContractBody.extend({
  servicePartition: z.string(),
  plan: z.string().nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
}).openapi('AppsContractRecorded');

const contractWire = (c: Contract) => ({
  servicePartition: c.servicePartition,
  status: c.status,
  plan: c.plan,
  startsAt: c.startsAt,
  endsAt: c.endsAt,
  attributes: c.attributes,
  updatedAt: c.updatedAt,
});

/** The Apps API's allow-list and its contract record, per tenant. */
export function appsAdminRoutes() {
  return adminApp()
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/tenants/{appKey}/apps/allowed-clients',
        summary: 'Clients allowed to call the Apps API',
        request: { params: tenantParam, query: z.object(logtoPagingQuery) },
        responses: { 200: json(z.object({ items: z.array(AllowedClientSchema), totalItems: z.number().int() }), 'A page of allowed clients'), ...errors },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const page = await listAllowedClients(c.var.deps, c.req.valid('param').appKey, logtoPageRequest(q, [{ field: 'createdAt', direction: 'ASC' }]));
        return c.json(pageBody(c, q, page, (a) => a), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'put',
        path: '/tenants/{appKey}/apps/allowed-clients/{clientId}',
        summary: 'Allow a client of the tenant to call the Apps API (idempotent)',
        request: { params: clientParam },
        responses: { 201: json(AllowedClientSchema, 'Allowed now'), 200: json(AllowedClientSchema, 'Already allowed'), ...errors },
      }),
      async (c) => {
        const { appKey, clientId } = c.req.valid('param');
        const { client, created } = await allowClient(c.var.deps, appKey, clientId);
        return created ? c.json(client, 201) : c.json(client, 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'delete',
        path: '/tenants/{appKey}/apps/allowed-clients/{clientId}',
        summary: 'Take a client off the allow-list (its tokens stop reaching the Apps API at once)',
        request: { params: clientParam },
        responses: { 204: { description: 'Removed' }, ...errors },
      }),
      async (c) => {
        const { appKey, clientId } = c.req.valid('param');
        await disallowClient(c.var.deps, appKey, clientId);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/tenants/{appKey}/contracts',
        summary: 'The recorded service contracts (published to the Apps API at /contracts/update)',
        request: { params: tenantParam },
        responses: { 200: json(z.object({ items: z.array(ContractSchema) }), 'Every recorded contract'), ...errors },
      }),
      async (c) => c.json({ items: (await recordedContracts(c.var.deps, c.req.valid('param').appKey)).map(contractWire) }, 200),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'put',
        path: '/tenants/{appKey}/contracts/{servicePartition}',
        summary: "Record the organization's contract for a service partition",
        request: { params: partitionParam, body: { required: true, content: { 'application/json': { schema: ContractBody } } } },
        responses: { 200: json(ContractSchema, 'Recorded (served by the Apps API after the next /contracts/update)'), ...errors },
      }),
      async (c) => {
        const { appKey, servicePartition } = c.req.valid('param');
        return c.json(contractWire(await putContract(c.var.deps, appKey, { servicePartition, ...c.req.valid('json') })), 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'delete',
        path: '/tenants/{appKey}/contracts/{servicePartition}',
        summary: 'Delete the recorded contract of a service partition',
        request: { params: partitionParam },
        responses: { 204: { description: 'Deleted (the Apps API stops serving it at the next /contracts/update)' }, ...errors },
      }),
      async (c) => {
        const { appKey, servicePartition } = c.req.valid('param');
        await deleteContract(c.var.deps, appKey, servicePartition);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/tenants/{appKey}/contracts/update',
        summary: 'Publish the recorded contracts to the Apps API (through the tenant’s Durable Object)',
        middleware: [optionalJsonBody],
        request: {
          params: tenantParam,
          body: { required: false, content: { 'application/json': { schema: z.object({ servicePartitions: z.array(z.string()).max(200).optional() }) } } },
        },
        responses: { 200: json(z.object({ version: z.number().int(), publishedAt: z.string(), servicePartitions: z.array(z.string()) }), 'The new publication'), ...errors },
      }),
      async (c) => {
        const p = await publishContracts(c.var.deps, c.req.valid('param').appKey, c.req.valid('json')?.servicePartitions);
        return c.json({ version: p.version, publishedAt: p.publishedAt, servicePartitions: Object.keys(p.contracts).sort() }, 200);
      },
    );
}

/**
 * Image uploads for the Apps API (raw bytes with their own Content-Type, at most 1 MiB). Mounted
 * before the face's JSON-body middleware, which would re-label the body as JSON.
 */
export function appsAdminImageRoutes() {
  const upload = {
    middleware: [imageBodyLimit((c) => adminFailure(c, 413, 'too_large', 'an image must be at most 1 MiB'))],
    responses: { 200: json(ImageMeta, 'Stored'), 413: json(errorSchema, 'Too large'), ...errors },
  };
  const userParam = tenantParam.extend({ accountId: path('accountId') });
  return adminApp()
    .openapi(
      createRoute({
        ...common,
        ...upload,
        method: 'put',
        path: '/tenants/{appKey}/apps/users/{accountId}/images/profile',
        summary: "Set a user's profile image",
        request: { params: userParam, body: imageUploadBody },
      }),
      async (c) => {
        const { appKey, accountId } = c.req.valid('param');
        return c.json(imageMetaWire(await operatorSetUserImage(c.var.deps, appKey, accountId, await readUpload(c))), 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/tenants/{appKey}/apps/users/{accountId}/images/profile', summary: "Remove a user's profile image", request: { params: userParam }, responses: { 204: { description: 'Removed' }, ...errors } }),
      async (c) => {
        const { appKey, accountId } = c.req.valid('param');
        await operatorDeleteUserImage(c.var.deps, appKey, accountId);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({ ...common, ...upload, method: 'put', path: '/tenants/{appKey}/apps/organization/images/logo', summary: "Set the organization's logo as the tenant shows it", request: { params: tenantParam, body: imageUploadBody } }),
      async (c) => c.json(imageMetaWire(await operatorSetOrganizationLogo(c.var.deps, c.req.valid('param').appKey, await readUpload(c))), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/tenants/{appKey}/apps/organization/images/logo', summary: "Remove the organization's logo", request: { params: tenantParam }, responses: { 204: { description: 'Removed' }, ...errors } }),
      async (c) => {
        await operatorDeleteOrganizationLogo(c.var.deps, c.req.valid('param').appKey);
        return c.body(null, 204);
      },
    );
}
