import { describe, expect, it } from 'vitest';
import { admin as operator, call, createTenant, json } from '../../helpers/http';

describe('Identity API request bodies', () => {
  it('JSON keys are matched case-insensitively (reference: {"Username"} is {"username"}), nested keys too', async () => {
    const t = await createTenant('json-keys');
    const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const created = await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: h, body: JSON.stringify({ Name: 'casey', NickName: 'Case', ROLE_UUIDS: [] }) });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ name: 'casey', nickname: 'Case' });
    const scope = await call(`/t/${t.appKey}/v1/scopes`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ Name: 'reports', Allowed_Endpoints: [{ Method: 'GET', PATH: '/reports/**' }] }),
    });
    expect(scope.status).toBe(201);
    expect((await json(scope)).allowed_endpoints).toEqual([{ method: 'GET', path: '/reports/**' }]);
    // Values keep their case; malformed JSON is still a 400 in the face's format.
    const bad = await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: h, body: '{"Name": ' });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ type: 'invalid_request' });
  });

  it('the unauthenticated Set Email as Verified (PUT /emails/verified) folds keys too', async () => {
    const t = await createTenant('json-keys-verify');
    const h = { 'x-secret-key': t.secretKey, 'content-type': 'application/json' };
    const user = await json(await call(`/t/${t.appKey}/v1/users`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'vera', role_uuids: [] }) }));
    const email = await json(await call(`/t/${t.appKey}/v1/users/${user.uuid}/emails`, { method: 'POST', headers: h, body: JSON.stringify({ ADDRESS: 'vera@example.com' }) }));
    expect(email).toMatchObject({ address: 'vera@example.com', verified: false });
    const mail = (await json(await operator('GET', `/tenants/${t.appKey}/outbox`))).items.find((m: any) => m.to === 'vera@example.com');
    const token = /Verification token: (\S+)/.exec(mail.body)![1];
    const res = await call(`/t/${t.appKey}/v1/emails/verified`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Verification_Token: token }) });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: email.id, address: 'vera@example.com', verified: true });
  });
});
