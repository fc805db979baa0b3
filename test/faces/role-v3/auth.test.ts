import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import { expectCode, RoleClient } from '../../helpers/role-client';

describe('Role API v3 authentication and routing (E6, E7)', () => {
  it('answers 401 alike for a missing secret, a wrong secret, an unknown appKey and another tenant secret', async () => {
    const mine = await RoleClient.forNewTenant();
    const theirs = await RoleClient.forNewTenant();
    expectCode(await theirs.post('/scopes', { scopeId: 'theirs' }), 0);

    const attempts = [
      await mine.request('GET', '/scopes/id', { secretKey: null }),
      await mine.request('GET', '/scopes/id', { secretKey: 'wrong' }),
      await new RoleClient('no-such-app', mine.secretKey).get('/scopes/id'),
      // My secret against their appKey, for an id that exists there and one that does not.
      await new RoleClient(theirs.appKey, mine.secretKey).get('/scopes/theirs'),
      await new RoleClient(theirs.appKey, mine.secretKey).get('/scopes/nothing'),
      // Even invalid input and unknown routes are refused before validation.
      await mine.request('POST', '/scopes', { body: '{bad', secretKey: 'wrong' }),
      await mine.request('GET', '/no-such-route', { secretKey: 'wrong' }),
    ];
    const messages = new Set(attempts.map((r) => JSON.stringify(r.body)));
    for (const r of attempts) expectCode(r, 401);
    expect(messages.size).toBe(1);
  });

  it('answers resultCode 404 for unknown routes and methods, with HTTP 200', async () => {
    const api = await RoleClient.forNewTenant();
    expectCode(await api.get('/no-such-thing'), 404);
    expectCode(await api.request('PATCH', '/scopes/ALL'), 404);
    const res = await call('/role/v3.0/nothing-here');
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).header.resultCode).toBe(404);
  });

  it('answers every body as application/json', async () => {
    const api = await RoleClient.forNewTenant();
    const res = await call(`/role/v3.0/appkeys/${api.appKey}/scopes/ALL`, { headers: { 'x-secret-key': api.secretKey } });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });
});
