import { createRoute, z } from '@hono/zod-openapi';
import { getContract, refreshContracts } from '../../domain/apps/contracts';
import { jsonContent as json } from '../shared/openapi';
import { optionalJsonBody } from '../shared/optional-body';
import { appsApp, appsCommon, appsErrors } from './app';
import { ContractSchema, contractWire } from './wire';

const common = appsCommon('contracts');

export const UpdateBody = z
  .object({ service_partitions: z.array(z.string()).max(200).optional().openapi({ description: 'Refresh only these partitions; default: all' }) })
  .openapi('AppsContractsUpdate');
export const UpdateAnswer = z
  .object({ version: z.number().int(), published_at: z.string(), service_partitions: z.array(z.string()).openapi({ description: 'Every partition now served' }) })
  .openapi('AppsContractsUpdated');

/** Service contracts: served from the published cache; `/contracts/update` republishes it from D1 through the tenant's Durable Object. */
export function contractRoutes() {
  return appsApp()
    .openapi(
      createRoute({
        ...common,
        method: 'post',
        path: '/contracts/update',
        summary: 'Refresh the service contract cache from the record',
        middleware: [optionalJsonBody],
        request: { body: { required: false, content: { 'application/json': { schema: UpdateBody } } } },
        responses: { 200: json(UpdateAnswer, 'The new publication'), ...appsErrors },
      }),
      async (c) => {
        const p = await refreshContracts(c.var.deps, c.var.tenant, c.var.appsCaller, c.req.valid('json')?.service_partitions);
        return c.json({ version: p.version, published_at: p.publishedAt, service_partitions: Object.keys(p.contracts).sort() }, 200);
      },
    )
    .openapi(
      createRoute({
        ...common,
        method: 'get',
        path: '/contracts/{service_partition}',
        summary: "The organization's contract for a service partition (from the cache)",
        request: { params: z.object({ service_partition: z.string().openapi({ param: { name: 'service_partition', in: 'path' } }) }) },
        responses: { 200: json(ContractSchema, 'The published contract'), ...appsErrors },
      }),
      async (c) => {
        const { contract, version, inForce } = await getContract(c.var.deps, c.var.tenant, c.req.valid('param').service_partition);
        return c.json(contractWire(contract, { organizationId: c.var.tenant.organizationId, inForce, version }), 200);
      },
    );
}
