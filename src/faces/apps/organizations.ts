import { createRoute, z } from '@hono/zod-openapi';
import { deleteOrganizationLogo, organizationLogo, setOrganizationLogo } from '../../domain/apps/images';
import { tenantOrganization } from '../../domain/apps/organization';
import { jsonContent as json } from '../shared/openapi';
import { appsApp, appsCommon, appsErrors, appsImageUpload } from './app';
import { imageMetaWire, imageResponse, imageResponses, readUpload } from './images';

const common = appsCommon('organization');

const OrganizationSchema = z
  .object({ organization_id: z.string(), name: z.string(), has_logo: z.boolean(), created_at: z.string(), updated_at: z.string() })
  .openapi('AppsOrganization');

/** Organization management: the organization that owns the tenant, and its logo. */
export function organizationRoutes() {
  return appsApp()
    .openapi(
      createRoute({ ...common, method: 'get', path: '/organizations', summary: 'The organization of the tenant', responses: { 200: json(OrganizationSchema, 'The organization'), ...appsErrors } }),
      async (c) => {
        const { organization: o, hasLogo } = await tenantOrganization(c.var.deps, c.var.tenant);
        return c.json({ organization_id: o.id, name: o.name, has_logo: hasLogo, created_at: o.createdAt, updated_at: o.updatedAt }, 200);
      },
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/organizations/images/logo', summary: "The organization's logo", responses: { ...imageResponses, ...appsErrors } }),
      async (c) => imageResponse(c, await organizationLogo(c.var.deps, c.var.tenant)),
    )
    .openapi(
      createRoute({ ...common, method: 'put', path: '/organizations/images/logo', summary: "Set the organization's logo (organization admins)", ...appsImageUpload() }),
      async (c) => c.json(imageMetaWire(await setOrganizationLogo(c.var.deps, c.var.tenant, c.var.appsCaller, await readUpload(c))), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/organizations/images/logo', summary: "Remove the organization's logo (organization admins)", responses: { 204: { description: 'Removed' }, ...appsErrors } }),
      async (c) => {
        await deleteOrganizationLogo(c.var.deps, c.var.tenant, c.var.appsCaller);
        return c.body(null, 204);
      },
    );
}
