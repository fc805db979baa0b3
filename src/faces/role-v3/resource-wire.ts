import { z } from '@hono/zod-openapi';
import type { Resource } from '../../domain/resources/resource';

export const ResourceProtocol = z
  .object({
    resourceId: z.string(),
    name: z.string().nullable(),
    path: z.string(),
    uiPath: z.string(),
    description: z.string().nullable(),
    priority: z.number().int(),
    metadata: z.string().nullable(),
  })
  .openapi('ResourceProtocol');

export function resourceWire(r: Resource) {
  return {
    resourceId: r.resourceId,
    name: r.name,
    path: r.path,
    uiPath: r.uiPath,
    description: r.description,
    priority: r.priority,
    metadata: r.metadata,
  };
}

export const resourceIdParam = { resourceId: z.string().openapi({ param: { name: 'resourceId', in: 'path' } }) };
