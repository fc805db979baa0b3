import { createRoute, z } from '@hono/zod-openapi';
import { createEmail, deleteEmail, sendVerification, setVerified, updateEmail, verifyWithToken, type VerificationSent } from '../../domain/identity/emails';
import { jsonBody } from '../shared/body';
import { jsonContent as json } from '../shared/openapi';
import { identityApp, identityTooLarge } from './app';
import { me } from './me';
import { EmailSchema, emailWire } from './email-wire';
import { caseInsensitiveJsonKeys } from './lowercase-keys';
import { linkOf } from './verification-link';

export { EmailSchema, emailWire };


/** Send Verification Email's answer: `email_id` is a string in the reference; the token is never in it. */
const VerificationSchema = z.object({ email_id: z.string(), expired_at: z.string(), created_at: z.string(), updated_at: z.string() }).openapi('EmailVerification');
const verificationWire = (v: VerificationSent) => ({ email_id: String(v.emailId), expired_at: v.expiredAt, created_at: v.createdAt, updated_at: v.createdAt });

const addressBody = { body: { required: true as const, content: { 'application/json': { schema: z.object({ address: z.string() }) } } } };
const tokenField = z.string().min(1).max(4096);
const emailId = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'email_id', in: 'path' }, type: 'integer' });
const userParams = z.object({ user_uuid: z.string().openapi({ param: { name: 'user_uuid', in: 'path' } }) });
const userEmailParams = userParams.extend({ email_id: emailId });
const myEmailParams = z.object({ email_id: emailId });


const userTags: { tags: string[]; security: Record<string, string[]>[] } = { tags: ["Identity API: user's emails"], security: [{ SecretKey: [] }, { BearerToken: [] }] };
const meTags = { tags: ['Identity API: me'], security: [{ BearerToken: [] }] };

/**
 * intdash "User's Emails" (`/users/{user_uuid}/emails…`), "Authenticated User's Emails"
 * (`/me/emails…`, the same domain functions with the caller's id) and Update Me.
 */
export function emailRoutes() {
  return identityApp()
    .openapi(
      createRoute({ ...userTags, method: 'post', path: '/users/{user_uuid}/emails', summary: 'Create Email (mails a verification token)', request: { params: userParams, ...addressBody }, responses: { 201: json(EmailSchema, 'Created') } }),
      async (c) => c.json(emailWire(await createEmail(c.var.deps, c.var.tenant.appKey, c.req.valid('param').user_uuid, c.req.valid('json').address, linkOf(c))), 201),
    )
    .openapi(
      createRoute({ ...userTags, method: 'patch', path: '/users/{user_uuid}/emails/{email_id}', summary: 'Update Email (unverified again; mails a new token)', request: { params: userEmailParams, ...addressBody }, responses: { 200: json(EmailSchema, 'Updated') } }),
      async (c) => {
        const p = c.req.valid('param');
        return c.json(emailWire(await updateEmail(c.var.deps, c.var.tenant.appKey, p.user_uuid, p.email_id, c.req.valid('json').address, linkOf(c))), 200);
      },
    )
    .openapi(
      createRoute({ ...userTags, method: 'delete', path: '/users/{user_uuid}/emails/{email_id}', summary: 'Delete Email', request: { params: userEmailParams }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        const p = c.req.valid('param');
        await deleteEmail(c.var.deps, c.var.tenant.appKey, p.user_uuid, p.email_id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({ ...userTags, method: 'post', path: '/users/{user_uuid}/emails/{email_id}/verification', summary: 'Send Verification Email', request: { params: userEmailParams }, responses: { 200: json(VerificationSchema, 'Sent') } }),
      async (c) => {
        const p = c.req.valid('param');
        return c.json(verificationWire(await sendVerification(c.var.deps, c.var.tenant.appKey, p.user_uuid, p.email_id, linkOf(c))), 200);
      },
    )
    .openapi(
      createRoute({
        ...userTags,
        method: 'put',
        path: '/users/{user_uuid}/emails/{email_id}/verified',
        summary: 'Set Email as Verified (with the mailed token, or directly when it is omitted)',
        request: { params: userEmailParams, body: { required: false, content: { 'application/json': { schema: z.object({ verification_token: tokenField.optional() }) } } } },
        responses: { 200: json(EmailSchema, 'Verified') },
      }),
      async (c) => {
        const p = c.req.valid('param');
        const token = (c.req.valid('json') as { verification_token?: string } | undefined)?.verification_token;
        return c.json(emailWire(await setVerified(c.var.deps, c.var.tenant.appKey, p.user_uuid, p.email_id, token)), 200);
      },
    )
    .openapi(
      createRoute({ ...meTags, method: 'post', path: '/me/emails', summary: 'Create My Email (mails a verification token)', request: addressBody, responses: { 201: json(EmailSchema, 'Created') } }),
      async (c) => c.json(emailWire(await createEmail(c.var.deps, c.var.tenant.appKey, me(c), c.req.valid('json').address, linkOf(c))), 201),
    )
    .openapi(
      createRoute({ ...meTags, method: 'patch', path: '/me/emails/{email_id}', summary: 'Update My Email (unverified again; mails a new token)', request: { params: myEmailParams, ...addressBody }, responses: { 200: json(EmailSchema, 'Updated') } }),
      async (c) => c.json(emailWire(await updateEmail(c.var.deps, c.var.tenant.appKey, me(c), c.req.valid('param').email_id, c.req.valid('json').address, linkOf(c))), 200),
    )
    .openapi(
      createRoute({ ...meTags, method: 'delete', path: '/me/emails/{email_id}', summary: 'Delete My Email', request: { params: myEmailParams }, responses: { 204: { description: 'Deleted' } } }),
      async (c) => {
        await deleteEmail(c.var.deps, c.var.tenant.appKey, me(c), c.req.valid('param').email_id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({ ...meTags, method: 'post', path: '/me/emails/{email_id}/verification', summary: 'Send Verification Email to Me', request: { params: myEmailParams }, responses: { 200: json(VerificationSchema, 'Sent') } }),
      async (c) => c.json(verificationWire(await sendVerification(c.var.deps, c.var.tenant.appKey, me(c), c.req.valid('param').email_id, linkOf(c))), 200),
    )
    .openapi(
      createRoute({
        ...meTags,
        method: 'put',
        path: '/me/emails/{email_id}/verified',
        summary: 'Set My Email as Verified (the mailed token is required)',
        request: { params: myEmailParams, body: { required: true, content: { 'application/json': { schema: z.object({ verification_token: tokenField }) } } } },
        responses: { 200: json(EmailSchema, 'Verified') },
      }),
      async (c) => c.json(emailWire(await setVerified(c.var.deps, c.var.tenant.appKey, me(c), c.req.valid('param').email_id, c.req.valid('json').verification_token)), 200),
    );
}

/**
 * The reference's first "Set Email as Verified": `PUT /t/{appKey}/v1/emails/verified` with
 * `{"verification_token"}`, the link target of the verification mail. The token is the credential
 * (no Authorization needed), so the face mounts this before its authentication.
 */
export function emailVerificationRoutes() {
  const app = identityApp();
  // Mounted before the face's own body middlewares, so it folds JSON keys itself (`{"Verification_Token"}`).
  app.use('/emails/verified', ...jsonBody(identityTooLarge), caseInsensitiveJsonKeys);
  return app.openapi(
    createRoute({
      tags: ["Identity API: user's emails"],
      security: [],
      method: 'put',
      path: '/emails/verified',
      summary: 'Set Email as Verified with the mailed token (no authentication)',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ verification_token: tokenField }) } } } },
      responses: { 200: json(EmailSchema, 'Verified') },
    }),
    async (c) => c.json(emailWire(await verifyWithToken(c.var.deps, c.req.param('appKey') ?? '', c.req.valid('json').verification_token)), 200),
  );
}
