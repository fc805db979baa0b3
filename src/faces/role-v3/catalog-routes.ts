import { z } from '@hono/zod-openapi';
import type { CatalogEntry, CatalogSortField } from '../../domain/catalog/entry';
import type { catalogUseCases } from '../../domain/catalog/use-cases';
import { roleApp } from './app';
import { ok, written } from './envelope';
import { pageRequest, pagingQuery } from './paging';
import { jsonRequest, pathParams, roleRoute } from './route';

/**
 * The seven routes the reference gives both scopes and operations (create, bulk delete, id list,
 * search, get, update, delete), with the wire names of one of them.
 */
export function catalogRoutes(opts: {
  useCases: ReturnType<typeof catalogUseCases>;
  /** URL segment, e.g. `scopes`. */
  segment: string;
  /** Wire name of the id, e.g. `scopeId`. */
  idName: string;
  /** Wire name of one item / the list, e.g. `scope` / `scopes`. */
  itemName: string;
  listName: string;
  /** Protocol names from the reference. */
  protocol: string;
  tag: string;
  /** Whether items carry `appKey` (operations do, scopes do not). */
  withAppKey: boolean;
  searchRequestName: string;
  searchResponseName: string;
  idsResponseName: string;
  getResponseName: string;
  createRequestName: string;
  updateRequestName: string;
}) {
  const { useCases, segment, idName, tag } = opts;
  const idParam = { [idName]: z.string().openapi({ param: { name: idName, in: 'path' } }) } as Record<string, z.ZodString>;
  const Item = z
    .object({
      [idName]: z.string(),
      description: z.string().nullable(),
      ...(opts.withAppKey ? { appKey: z.string() } : {}),
    })
    .openapi(opts.protocol);
  const toWire = (e: CatalogEntry, appKey: string) => ({
    [idName]: e.id,
    description: e.description,
    ...(opts.withAppKey ? { appKey } : {}),
  });
  const sort = pagingQuery<CatalogSortField>(
    { [`id.${idName}`]: 'id', [idName]: 'id', description: 'description', regYmdt: 'createdAt' },
    [{ field: 'id', direction: 'ASC' }],
  );
  const idOf = (params: Record<string, string>) => params[idName] ?? '';

  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: `/${segment}`,
        tag,
        summary: `Create a ${opts.itemName}`,
        request: {
          params: pathParams({}),
          body: jsonRequest(z.object({ [idName]: z.string(), description: z.string().nullish() }).openapi(opts.createRequestName)),
        },
      }),
      async (c) => {
        const body = c.req.valid('json') as Record<string, string | null | undefined>;
        const { revision } = await useCases.create(c.var.deps, c.var.tenant.appKey, {
          id: body[idName] as string,
          description: body.description,
        });
        return written(c, revision);
      },
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: `/${segment}`,
        tag,
        summary: `Delete ${opts.listName} (all or nothing)`,
        request: { params: pathParams({}), body: jsonRequest(z.object({ [`${idName}s`]: z.array(z.string()) })) },
      }),
      async (c) => {
        const ids = (c.req.valid('json') as Record<string, string[]>)[`${idName}s`] ?? [];
        const { revision } = await useCases.removeMany(c.var.deps, c.var.tenant.appKey, ids);
        return written(c, revision);
      },
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: `/${segment}/id`,
        tag,
        summary: `List ${idName}s`,
        request: { params: pathParams({}), query: z.object({ [`${idName}PreLike`]: z.string().optional(), ...sort }) },
        response: { name: opts.idsResponseName, fields: { totalItems: z.number().int(), [`${idName}s`]: z.array(z.string()) } },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const prefix = (q as Record<string, unknown>)[`${idName}PreLike`] as string | undefined;
        const page = await useCases.search(c.var.deps, c.var.tenant.appKey, { idPreLike: prefix }, pageRequest(q));
        return ok(c, { totalItems: page.totalItems, [`${idName}s`]: page.items.map((e) => e.id) });
      },
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: `/${segment}/search`,
        tag,
        summary: `Search ${opts.listName}`,
        request: {
          params: pathParams({}),
          query: z.object(sort),
          body: jsonRequest(
            z
              .object({
                descriptionLike: z.string().nullish(),
                [`${idName}PreLike`]: z.string().nullish(),
                [`${idName}s`]: z.array(z.string()).nullish(),
              })
              .openapi(opts.searchRequestName),
          ),
        },
        response: { name: opts.searchResponseName, fields: { totalItems: z.number().int(), [opts.listName]: z.array(Item) } },
      }),
      async (c) => {
        const body = c.req.valid('json') as Record<string, string | string[] | null | undefined>;
        const page = await useCases.search(
          c.var.deps,
          c.var.tenant.appKey,
          {
            descriptionLike: (body.descriptionLike as string | null) ?? undefined,
            idPreLike: (body[`${idName}PreLike`] as string | null) ?? undefined,
            ids: (body[`${idName}s`] as string[] | null) ?? undefined,
          },
          pageRequest(c.req.valid('query')),
        );
        return ok(c, { totalItems: page.totalItems, [opts.listName]: page.items.map((e) => toWire(e, c.var.tenant.appKey)) });
      },
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: `/${segment}/{${idName}}`,
        tag,
        summary: `Get a ${opts.itemName}`,
        request: { params: pathParams(idParam) },
        response: { name: opts.getResponseName, fields: { [opts.itemName]: Item } },
      }),
      async (c) => {
        const entry = await useCases.get(c.var.deps, c.var.tenant.appKey, idOf(c.req.valid('param')));
        return ok(c, { [opts.itemName]: toWire(entry, c.var.tenant.appKey) });
      },
    )
    .openapi(
      roleRoute({
        method: 'put',
        path: `/${segment}/{${idName}}`,
        tag,
        summary: `Update a ${opts.itemName}`,
        request: {
          params: pathParams(idParam),
          body: jsonRequest(z.object({ description: z.string().nullish() }).openapi(opts.updateRequestName)),
        },
      }),
      async (c) => {
        const { description } = c.req.valid('json');
        const { revision } = await useCases.update(c.var.deps, c.var.tenant.appKey, idOf(c.req.valid('param')), { description });
        return written(c, revision);
      },
    )
    .openapi(
      roleRoute({
        method: 'delete',
        path: `/${segment}/{${idName}}`,
        tag,
        summary: `Delete a ${opts.itemName}`,
        request: { params: pathParams(idParam) },
      }),
      async (c) => {
        const { revision } = await useCases.remove(c.var.deps, c.var.tenant.appKey, idOf(c.req.valid('param')));
        return written(c, revision);
      },
    );
}
