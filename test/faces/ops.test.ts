import { describe, expect, it } from 'vitest';
import { call, json } from '../helpers/http';

describe('ops endpoints', () => {
  it('GET /healthz answers 200', async () => {
    const res = await call('/healthz');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: 'ok' });
  });

  it('GET /openapi.json is an OpenAPI 3.1 document generated from the routes of every face', async () => {
    const res = await call('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/admin/v1/tenants', '/role/v3.0/appkeys/{appKey}/scopes', '/role/v3.0/appkeys/{appKey}/scopes/{scopeId}']),
    );
    expect(doc.components.securitySchemes.SecretKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Secret-Key' });
  });

  it('GET /docs serves a browsable page pointing at the document', async () => {
    const res = await call('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('/openapi.json');
  });

  it('unknown routes outside the faces answer 404 JSON', async () => {
    const res = await call('/nope');
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
  });
});
