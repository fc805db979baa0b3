// An API gateway Worker that asks edge-iam, through a service binding, whether the caller may
// perform the request, and forwards only the allowed ones. Plain JavaScript so it runs as-is.
//
// Request headers it expects: `X-User-Id` (who is calling). Config: vars APP_KEY (the tenant).
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const userId = request.headers.get('x-user-id');
    if (!userId) return Response.json({ error: 'X-User-Id is required' }, { status: 401 });
    const appKey = request.headers.get('x-app-key') ?? env.APP_KEY;
    const [decision] = (
      await env.IAM.checkResources(appKey, userId, [{ operationId: request.method, resourcePath: url.pathname }])
    ).authorizations;
    if (!decision.permission) return Response.json({ error: 'forbidden', resourceId: decision.resourceId }, { status: 403 });
    return Response.json({ ok: true, resourceId: decision.resourceId, path: url.pathname });
  },
};
