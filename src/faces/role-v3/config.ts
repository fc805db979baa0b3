import { z } from '@hono/zod-openapi';
import { evictCaches, getConfig, updateConfig } from '../../domain/decisions/config';
import type { TenantConfig } from '../../domain/tenants/tenant';
import { roleApp } from './app';
import { ok } from './envelope';
import { jsonRequest, pathParams, roleRoute } from './route';
import { wireTime } from './wire';

const tag = 'Config';
const policy = z.enum(['IDENTICAL_PATH', 'NON_IDENTICAL_PATH']);
const CacheBlock = z
  .object({ cacheFlushTime: z.string(), size: z.number().int(), sizeByPath: z.number().int(), sizeTree: z.number().int(), ttl: z.number().int() })
  .openapi('CacheProtocol');

/** The common body's `cache` block (CF2): the settings, and when caches were last flushed. */
const cacheWire = (c: TenantConfig) => ({
  cacheFlushTime: c.cacheFlushTime ? wireTime(c.cacheFlushTime) : '',
  size: c.cacheSize,
  sizeByPath: c.cacheSizeByPath,
  sizeTree: c.cacheSizeTree,
  ttl: c.cacheTtl,
});

/** Reference section 設定 (§11). */
export function configRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'put',
        path: '/config/cache-evict',
        tag,
        summary: 'Drop every cache of the tenant (one revision bump)',
        request: { params: pathParams({}) },
        response: { name: 'CacheEvictResponse', fields: { cache: CacheBlock } },
      }),
      async (c) => {
        const { revision, config } = await evictCaches(c.var.deps, c.var.tenant.appKey);
        c.header('X-Revision', String(revision));
        return ok(c, { cache: cacheWire(config) });
      },
    )
    .openapi(
      roleRoute({
        method: 'get',
        path: '/config',
        tag,
        summary: 'Get the tenant config',
        request: { params: pathParams({}) },
        response: {
          name: 'GetTenantConfigResponse',
          fields: {
            resourcePathTrailingSlashMatchPolicyCode: policy,
            cacheTtl: z.number().int(),
            cacheSize: z.number().int(),
            cacheSizeByPath: z.number().int(),
            cacheSizeTree: z.number().int(),
            cache: CacheBlock,
          },
        },
      }),
      async (c) => {
        const config = await getConfig(c.var.deps, c.var.tenant.appKey);
        return ok(c, {
          resourcePathTrailingSlashMatchPolicyCode: config.trailingSlashPolicy,
          cacheTtl: config.cacheTtl,
          cacheSize: config.cacheSize,
          cacheSizeByPath: config.cacheSizeByPath,
          cacheSizeTree: config.cacheSizeTree,
          cache: cacheWire(config),
        });
      },
    )
    .openapi(
      roleRoute({
        method: 'put',
        path: '/config',
        tag,
        summary: 'Update the tenant config (serialized by the tenant coordinator)',
        request: {
          params: pathParams({}),
          body: jsonRequest(
            z
              .object({
                cacheSize: z.number().int().nullish(),
                cacheSizeByPath: z.number().int().nullish(),
                cacheSizeTree: z.number().int().nullish(),
                cacheTtl: z.number().int().nullish(),
                resourcePathTrailingSlashMatchPolicyCode: policy.nullish(),
              })
              .openapi('UpdateConfig.Request'),
          ),
        },
        response: { name: 'UpdateConfigResponse', fields: { cache: CacheBlock } },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const { revision, config } = await updateConfig(c.var.deps, c.var.tenant.appKey, {
          cacheSize: b.cacheSize,
          cacheSizeByPath: b.cacheSizeByPath,
          cacheSizeTree: b.cacheSizeTree,
          cacheTtl: b.cacheTtl,
          trailingSlashPolicy: b.resourcePathTrailingSlashMatchPolicyCode,
        });
        c.header('X-Revision', String(revision));
        return ok(c, { cache: cacheWire(config) });
      },
    );
}
