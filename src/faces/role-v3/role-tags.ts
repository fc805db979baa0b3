import { z } from '@hono/zod-openapi';
import { listRoleTagIds } from '../../domain/roles/roles';
import { roleApp } from './app';
import { ok } from './envelope';
import { pageRequest, pagingQuery } from './paging';
import { pathParams, roleRoute } from './route';

const sort = pagingQuery<'roleTagId'>({ 'id.roleTagId': 'roleTagId', roleTagId: 'roleTagId' }, [{ field: 'roleTagId', direction: 'ASC' }]);

/** Reference section ロールタグ (R8: tags exist as attached to roles). */
export function roleTagRoutes() {
  return roleApp().openapi(
    roleRoute({
      method: 'get',
      path: '/roles/tags/id',
      tag: 'Role tags',
      summary: 'List the distinct role tag ids',
      request: { params: pathParams({}), query: z.object({ roleTagIdPreLike: z.string().optional(), ...sort }) },
      response: { name: 'GetAllRoleTagIds.Response', fields: { totalItems: z.number().int(), roleTagIds: z.array(z.string()) } },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listRoleTagIds(c.var.deps, c.var.tenant.appKey, q.roleTagIdPreLike, pageRequest(q));
      return ok(c, { totalItems: page.totalItems, roleTagIds: page.items });
    },
  );
}
