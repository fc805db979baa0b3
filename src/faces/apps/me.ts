import { createRoute } from '@hono/zod-openapi';
import { deleteMyImage, myImage, setMyImage } from '../../domain/apps/images';
import { getMe } from '../../domain/apps/users';
import { jsonContent as json } from '../shared/openapi';
import { appsApp, appsCommon, appsErrors, appsImageUpload } from './app';
import { imageMetaWire, imageResponse, imageResponses, readUpload } from './images';
import { AppsUserSchema, userWire } from './wire';

const common = appsCommon('profile');

/** Profile information: `/me` and `/me/images/profile` (and setting one's own image). */
export function meRoutes() {
  return appsApp()
    .openapi(
      createRoute({ ...common, method: 'get', path: '/me', summary: 'The calling user', responses: { 200: json(AppsUserSchema, 'The user the token was issued for'), ...appsErrors } }),
      async (c) => c.json(userWire(await getMe(c.var.deps, c.var.tenant, c.var.appsCaller)), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'get', path: '/me/images/profile', summary: "The calling user's profile image", responses: { ...imageResponses, ...appsErrors } }),
      async (c) => imageResponse(c, await myImage(c.var.deps, c.var.tenant, c.var.appsCaller)),
    )
    .openapi(
      createRoute({
        ...common,
        method: 'put',
        path: '/me/images/profile',
        summary: "Set the calling user's profile image",
        ...appsImageUpload(),
      }),
      async (c) => c.json(imageMetaWire(await setMyImage(c.var.deps, c.var.tenant, c.var.appsCaller, await readUpload(c))), 200),
    )
    .openapi(
      createRoute({ ...common, method: 'delete', path: '/me/images/profile', summary: "Remove the calling user's profile image", responses: { 204: { description: 'Removed' }, ...appsErrors } }),
      async (c) => {
        await deleteMyImage(c.var.deps, c.var.tenant, c.var.appsCaller);
        return c.body(null, 204);
      },
    );
}
