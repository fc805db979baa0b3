import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/domain/identity/accounts';
import { verifyWithToken } from '../../../src/domain/identity/emails';
import { buildDeps } from '../../../src/storage/deps';
import type { Env } from '../../../src/env';
import { admin as operator, call, createTenant, json } from '../../helpers/http';
import { defaultRoleId } from '../../helpers/identity';

type Tenant = { appKey: string; secretKey: string };
const secret = (t: Tenant) => ({ 'x-secret-key': t.secretKey, 'content-type': 'application/json' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const send = (path: string, method: string, headers: Record<string, string>, body?: unknown) =>
  call(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

/** A user holding the default `member` role, with an API token to call `/me…` as that user. */
async function member(t: Tenant, name: string) {
  const role = await defaultRoleId(t, 'member');
  const user = await json(await send(`/t/${t.appKey}/v1/users`, 'POST', secret(t), { name, role_uuids: [role] }));
  const { token } = await json(await send(`/t/${t.appKey}/v1/users/${user.uuid}/api-tokens`, 'POST', secret(t), { name: 'k' }));
  return { uuid: user.uuid as string, token: token as string };
}

async function outbox(t: Tenant): Promise<{ items: any[]; totalItems: number }> {
  const res = await operator('GET', `/tenants/${t.appKey}/outbox?page_size=100`);
  expect(res.status).toBe(200);
  return json(res);
}

/** The token in the newest verification mail to `address` (read the way an operator would). */
async function mailedToken(t: Tenant, address: string): Promise<string> {
  const mail = (await outbox(t)).items.find((m) => m.to === address && m.kind === 'email_verification');
  const token = /Verification token: (\S+)/.exec(mail?.body ?? '')?.[1];
  if (!token) throw new Error(`no verification mail to ${address}`);
  return token;
}

const verify = (t: Tenant, token: unknown) => send(`/t/${t.appKey}/v1/emails/verified`, 'PUT', { 'content-type': 'application/json' }, { verification_token: token });

describe("Identity API: user's emails (intdash User's Emails)", () => {
  let t: Tenant;
  let alice: { uuid: string; token: string };
  let bob: { uuid: string; token: string };
  const emails = (u: string) => `/t/${t.appKey}/v1/users/${u}/emails`;

  beforeAll(async () => {
    t = await createTenant('emails');
    alice = await member(t, 'alice');
    bob = await member(t, 'bob');
  });

  it('Create Email answers the email object, unverified, and mails a token that no API answer contains', async () => {
    const res = await send(emails(alice.uuid), 'POST', secret(t), { address: 'alice@example.com' });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(Object.keys(created).sort()).toEqual(['address', 'created_at', 'id', 'updated_at', 'verified']);
    expect(created).toMatchObject({ address: 'alice@example.com', verified: false });
    const token = await mailedToken(t, 'alice@example.com');
    expect(token.startsWith(`${created.id}.`)).toBe(true);
    expect(JSON.stringify(created)).not.toContain(token.split('.')[1]);
    const user = await json(await call(`/t/${t.appKey}/v1/users/${alice.uuid}`, { headers: secret(t) }));
    expect(user.emails).toEqual([created]);
    expect(JSON.stringify(user)).not.toContain(token.split('.')[1]);
    const mail = (await outbox(t)).items[0];
    expect(mail).toMatchObject({ to: 'alice@example.com', kind: 'email_verification', subject: 'Verify your e-mail address', sentAt: null });
    expect(mail.body).toContain(`/t/${t.appKey}/v1/emails/verified`);
  });

  it('Create User with an email stores it unverified and mails its verification token (reference: Create User)', async () => {
    const res = await send(`/t/${t.appKey}/v1/users`, 'POST', secret(t), { name: 'carol', role_uuids: [], email: 'carol@example.com' });
    expect(res.status).toBe(201);
    const user = await json(res);
    expect(user.emails).toEqual([expect.objectContaining({ address: 'carol@example.com', verified: false })]);
    const token = await mailedToken(t, 'carol@example.com');
    expect(token.startsWith(`${user.emails[0].id}.`)).toBe(true);
    expect(JSON.stringify(user)).not.toContain(token.split('.')[1]);
    const verified = await verify(t, token);
    expect(verified.status).toBe(200);
    expect(await json(verified)).toMatchObject({ id: user.emails[0].id, address: 'carol@example.com', verified: true });
    // Without an email, nothing is mailed.
    const before = (await outbox(t)).totalItems;
    expect((await send(`/t/${t.appKey}/v1/users`, 'POST', secret(t), { name: 'no-mail', role_uuids: [] })).status).toBe(201);
    expect((await outbox(t)).totalItems).toBe(before);
  });

  it('Create User still answers the user and its temporary password when the verification mail cannot be delivered', async () => {
    const failing = buildDeps(env as unknown as Env);
    failing.mail = { send: () => Promise.reject(new Error('mail webhook failed (status 502)')) };
    const { account, temporaryPassword } = await createAccount(failing, t.appKey, { name: 'undelivered', roleUuids: [], email: 'undelivered@example.com' }, { endpoint: 'https://x.test/v1/emails/verified' });
    expect(temporaryPassword.length).toBeGreaterThan(0);
    const user = await json(await call(`/t/${t.appKey}/v1/users/${account.userId}`, { headers: secret(t) }));
    expect(user.emails).toEqual([expect.objectContaining({ address: 'undelivered@example.com', verified: false })]);
    // Send Verification Email then mails a token that works.
    const sent = await send(`/t/${t.appKey}/v1/users/${account.userId}/emails/${user.emails[0].id}/verification`, 'POST', secret(t));
    expect(sent.status).toBe(200);
    expect((await verify(t, await mailedToken(t, 'undelivered@example.com'))).status).toBe(200);
  });

  it('the mailed token verifies its address once, without authentication; a replay is refused', async () => {
    const created = await json(await send(emails(alice.uuid), 'POST', secret(t), { address: 'round-trip@example.com' }));
    const token = await mailedToken(t, 'round-trip@example.com');
    const res = await verify(t, token);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: created.id, address: 'round-trip@example.com', verified: true });
    const replay = await verify(t, token);
    expect(replay.status).toBe(400);
    expect(await json(replay)).toEqual({ type: 'invalid', title: 'the verification token is invalid, expired or already used' });
    const user = await json(await call(`/t/${t.appKey}/v1/users/${alice.uuid}`, { headers: secret(t) }));
    expect(user.emails.find((e: any) => e.id === created.id).verified).toBe(true);
  });

  it('malformed, unknown and wrong-secret tokens are refused alike (400), an empty one by validation', async () => {
    const created = await json(await send(emails(bob.uuid), 'POST', secret(t), { address: 'bob-bad-tokens@example.com' }));
    const token = await mailedToken(t, 'bob-bad-tokens@example.com');
    for (const bad of ['nonsense', `${created.id}.`, `${created.id}.wrong-secret`, `999999.${token.split('.')[1]}`, `0.${token.split('.')[1]}`]) {
      expect((await verify(t, bad)).status, bad).toBe(400);
    }
    expect((await verify(t, '')).status).toBe(400);
    expect((await verify(t, 'x'.repeat(4097))).status).toBe(400);
    expect((await send(`/t/${t.appKey}/v1/emails/verified`, 'PUT', { 'content-type': 'application/json' }, {})).status).toBe(400);
    // The real token still works afterwards: the refusals consumed nothing.
    expect((await verify(t, token)).status).toBe(200);
  });

  it('a token is refused once it has expired (24 h), and by another tenant', async () => {
    const created = await json(await send(emails(bob.uuid), 'POST', secret(t), { address: 'bob-expiry@example.com' }));
    const token = await mailedToken(t, 'bob-expiry@example.com');
    const later = buildDeps(env as unknown as Env);
    later.clock = { now: () => new Date(Date.now() + 24 * 60 * 60 * 1000 + 60_000) };
    await expect(verifyWithToken(later, t.appKey, token)).rejects.toMatchObject({ code: 'invalid' });
    const other = await createTenant('emails-other');
    expect((await verify(other, token)).status).toBe(400);
    // Neither refusal used the token up: within its lifetime and in its own tenant it verifies.
    expect(await json(await verify(t, token))).toMatchObject({ id: created.id, verified: true });
  });

  it('Update Email makes the address unverified again and mails a new token; the old token stops working', async () => {
    const created = await json(await send(emails(alice.uuid), 'POST', secret(t), { address: 'old@example.com' }));
    const first = await mailedToken(t, 'old@example.com');
    await verify(t, first);
    const pendingFirst = await json(await send(emails(alice.uuid), 'POST', secret(t), { address: 'pending@example.com' }));
    const stale = await mailedToken(t, 'pending@example.com');
    const res = await send(`${emails(alice.uuid)}/${created.id}`, 'PATCH', secret(t), { address: 'new@example.com' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: created.id, address: 'new@example.com', verified: false });
    const second = await mailedToken(t, 'new@example.com');
    expect(second).not.toBe(first);
    expect((await verify(t, first)).status).toBe(400);
    expect(await json(await verify(t, second))).toMatchObject({ id: created.id, address: 'new@example.com', verified: true });
    // Changing another address replaces its pending token too.
    await send(`${emails(alice.uuid)}/${pendingFirst.id}`, 'PATCH', secret(t), { address: 'pending2@example.com' });
    expect((await verify(t, stale)).status).toBe(400);
    // The same address again changes nothing and mails nothing.
    const before = (await outbox(t)).totalItems;
    const same = await json(await send(`${emails(alice.uuid)}/${created.id}`, 'PATCH', secret(t), { address: 'new@example.com' }));
    expect(same).toMatchObject({ address: 'new@example.com', verified: true });
    expect((await outbox(t)).totalItems).toBe(before);
  });

  it('Send Verification Email answers email_id and expired_at (no token) and replaces the pending token; a verified address gets 409', async () => {
    const created = await json(await send(emails(bob.uuid), 'POST', secret(t), { address: 'resend@example.com' }));
    const first = await mailedToken(t, 'resend@example.com');
    const res = await send(`${emails(bob.uuid)}/${created.id}/verification`, 'POST', secret(t));
    expect(res.status).toBe(200);
    const sent = await json(res);
    expect(Object.keys(sent).sort()).toEqual(['created_at', 'email_id', 'expired_at', 'updated_at']);
    expect(sent.email_id).toBe(String(created.id));
    // Expiry is kept in whole seconds.
    expect(Date.parse(sent.expired_at) - Date.parse(sent.created_at)).toBeGreaterThan(24 * 60 * 60 * 1000 - 1000);
    expect(Date.parse(sent.expired_at) - Date.parse(sent.created_at)).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    const second = await mailedToken(t, 'resend@example.com');
    expect(second).not.toBe(first);
    expect(JSON.stringify(sent)).not.toContain(second.split('.')[1]);
    expect((await verify(t, first)).status).toBe(400);
    expect((await verify(t, second)).status).toBe(200);
    expect((await send(`${emails(bob.uuid)}/${created.id}/verification`, 'POST', secret(t))).status).toBe(409);
  });

  it('Set Email as Verified: without a token it marks the address directly; a token must be that address’s', async () => {
    const a = await json(await send(emails(bob.uuid), 'POST', secret(t), { address: 'direct@example.com' }));
    const b = await json(await send(emails(bob.uuid), 'POST', secret(t), { address: 'other-token@example.com' }));
    const tokenOfB = await mailedToken(t, 'other-token@example.com');
    expect((await send(`${emails(bob.uuid)}/${a.id}/verified`, 'PUT', secret(t), { verification_token: tokenOfB })).status).toBe(400);
    expect((await send(`${emails(bob.uuid)}/${a.id}/verified`, 'PUT', secret(t), { verification_token: 'x.y' })).status).toBe(400);
    // A PUT without a body (and without a Content-Type) marks it too; a JSON Content-Type needs a JSON body.
    expect((await send(`${emails(bob.uuid)}/${a.id}/verified`, 'PUT', secret(t))).status).toBe(400);
    const direct = await call(`${emails(bob.uuid)}/${a.id}/verified`, { method: 'PUT', headers: { 'x-secret-key': t.secretKey } });
    expect(direct.status).toBe(200);
    expect(await json(direct)).toMatchObject({ id: a.id, verified: true });
    expect(await json(await send(`${emails(bob.uuid)}/${a.id}/verified`, 'PUT', secret(t), {}))).toMatchObject({ verified: true });
    const withToken = await send(`${emails(bob.uuid)}/${b.id}/verified`, 'PUT', secret(t), { verification_token: tokenOfB });
    expect(await json(withToken)).toMatchObject({ id: b.id, verified: true });
  });

  it('Delete Email removes the address and its pending token', async () => {
    const created = await json(await send(emails(bob.uuid), 'POST', secret(t), { address: 'gone@example.com' }));
    const token = await mailedToken(t, 'gone@example.com');
    expect((await send(`${emails(bob.uuid)}/${created.id}`, 'DELETE', secret(t))).status).toBe(204);
    const user = await json(await call(`/t/${t.appKey}/v1/users/${bob.uuid}`, { headers: secret(t) }));
    expect(user.emails.map((e: any) => e.id)).not.toContain(created.id);
    expect((await verify(t, token)).status).toBe(400);
    expect((await send(`${emails(bob.uuid)}/${created.id}`, 'DELETE', secret(t))).status).toBe(404);
    // The address is free again.
    expect((await send(emails(alice.uuid), 'POST', secret(t), { address: 'gone@example.com' })).status).toBe(201);
  });

  it('400: address missing, empty, without "@", with spaces or longer than 256; email_id not a positive integer', async () => {
    for (const body of [{}, { address: '' }, { address: 'no-at-sign' }, { address: 'a b@example.com' }, { address: `${'a'.repeat(245)}@example.com` }, { address: 42 }]) {
      const res = await send(emails(alice.uuid), 'POST', secret(t), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json(res)).type).toMatch(/invalid/);
    }
    const ok = await json(await send(emails(alice.uuid), 'POST', secret(t), { address: 'valid@example.com' }));
    expect((await send(`${emails(alice.uuid)}/${ok.id}`, 'PATCH', secret(t), { address: 'bad' })).status).toBe(400);
    expect((await send(`${emails(alice.uuid)}/abc`, 'PATCH', secret(t), { address: 'x@example.com' })).status).toBe(400);
    expect((await send(`${emails(alice.uuid)}/0`, 'DELETE', secret(t))).status).toBe(400);
    expect((await send(`${emails(alice.uuid)}/${ok.id}`, 'PATCH', secret(t), 'not an object')).status).toBe(400);
  });

  it('404: unknown user, unknown address, or an address of another user', async () => {
    const own = await json(await send(emails(alice.uuid), 'POST', secret(t), { address: 'alice-404@example.com' }));
    expect((await send(emails('no-such-user'), 'POST', secret(t), { address: 'x404@example.com' })).status).toBe(404);
    expect((await send(`${emails(alice.uuid)}/999999`, 'PATCH', secret(t), { address: 'x404@example.com' })).status).toBe(404);
    for (const [method, suffix, body] of [
      ['PATCH', '', { address: 'stolen@example.com' }],
      ['DELETE', '', undefined],
      ['POST', '/verification', undefined],
      ['PUT', '/verified', {}],
    ] as const) {
      expect((await send(`${emails(bob.uuid)}/${own.id}${suffix}`, method, secret(t), body)).status, `${method} ${suffix}`).toBe(404);
    }
    const user = await json(await call(`/t/${t.appKey}/v1/users/${alice.uuid}`, { headers: secret(t) }));
    expect(user.emails.find((e: any) => e.id === own.id)).toMatchObject({ address: 'alice-404@example.com', verified: false });
  });

  it('409: an address is unique in the tenant (ignoring case); another tenant may use it', async () => {
    const mine = await json(await send(emails(alice.uuid), 'POST', secret(t), { address: 'Unique@Example.com' }));
    expect(mine.address).toBe('Unique@Example.com');
    expect((await send(emails(bob.uuid), 'POST', secret(t), { address: 'unique@example.com' })).status).toBe(409);
    expect((await send(emails(alice.uuid), 'POST', secret(t), { address: 'UNIQUE@example.com' })).status).toBe(409);
    const bobs = await json(await send(emails(bob.uuid), 'POST', secret(t), { address: 'bob-unique@example.com' }));
    expect((await send(`${emails(bob.uuid)}/${bobs.id}`, 'PATCH', secret(t), { address: 'unique@EXAMPLE.com' })).status).toBe(409);
    // Changing only the case of one's own address is allowed (and needs verifying again).
    expect(await json(await send(`${emails(alice.uuid)}/${mine.id}`, 'PATCH', secret(t), { address: 'unique@example.com' }))).toMatchObject({ address: 'unique@example.com', verified: false });
    const other = await createTenant('emails-unique');
    const carol = await member(other, 'carol');
    expect((await send(`/t/${other.appKey}/v1/users/${carol.uuid}/emails`, 'POST', secret(other), { address: 'unique@example.com' })).status).toBe(201);
  });

  it('a user has at most 10 addresses', async () => {
    const dave = await member(t, 'dave');
    for (let i = 0; i < 10; i++) expect((await send(emails(dave.uuid), 'POST', secret(t), { address: `dave${i}@example.com` })).status).toBe(201);
    expect((await send(emails(dave.uuid), 'POST', secret(t), { address: 'dave10@example.com' })).status).toBe(400);
  });

  it("403: a member's token cannot touch another user's addresses (nor its own through /users)", async () => {
    const bobs = await json(await send(emails(bob.uuid), 'POST', secret(t), { address: 'bob-403@example.com' }));
    const h = bearer(alice.token);
    for (const [method, path, body] of [
      ['POST', emails(bob.uuid), { address: 'intruder@example.com' }],
      ['PATCH', `${emails(bob.uuid)}/${bobs.id}`, { address: 'intruder@example.com' }],
      ['DELETE', `${emails(bob.uuid)}/${bobs.id}`, undefined],
      ['POST', `${emails(bob.uuid)}/${bobs.id}/verification`, undefined],
      ['PUT', `${emails(bob.uuid)}/${bobs.id}/verified`, undefined],
      ['POST', emails(alice.uuid), { address: 'self@example.com' }],
    ] as const) {
      const res = await send(path, method, h, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await json(res)).type).toBe('forbidden');
    }
    // Through /me the id of another user's address is simply not found.
    expect((await send(`/t/${t.appKey}/v1/me/emails/${bobs.id}`, 'PATCH', h, { address: 'intruder@example.com' })).status).toBe(404);
    expect((await send(`/t/${t.appKey}/v1/me/emails/${bobs.id}`, 'DELETE', h)).status).toBe(404);
    expect((await send(`/t/${t.appKey}/v1/me/emails/${bobs.id}/verified`, 'PUT', h, { verification_token: await mailedToken(t, 'bob-403@example.com') })).status).toBe(404);
    const user = await json(await call(`/t/${t.appKey}/v1/users/${bob.uuid}`, { headers: secret(t) }));
    expect(user.emails.find((e: any) => e.id === bobs.id)).toMatchObject({ address: 'bob-403@example.com', verified: false });
  });

  it('another tenant cannot touch the addresses, whatever the ids say', async () => {
    const own = await json(await send(emails(alice.uuid), 'POST', secret(t), { address: 'alice-tenant@example.com' }));
    const other = await createTenant('emails-foreign');
    const foreign = (p: string) => `/t/${other.appKey}/v1/users/${alice.uuid}/emails${p}`;
    expect((await send(foreign(''), 'POST', secret(other), { address: 'x-foreign@example.com' })).status).toBe(404);
    expect((await send(foreign(`/${own.id}`), 'PATCH', secret(other), { address: 'x-foreign@example.com' })).status).toBe(404);
    expect((await send(foreign(`/${own.id}`), 'DELETE', secret(other))).status).toBe(404);
    expect((await send(foreign(`/${own.id}/verified`), 'PUT', secret(other), {})).status).toBe(404);
    expect((await send(foreign(`/${own.id}/verification`), 'POST', secret(other))).status).toBe(404);
    // The other tenant's secret on this tenant's URL is not a credential here.
    expect((await send(`${emails(alice.uuid)}/${own.id}`, 'DELETE', secret(other))).status).toBe(401);
    // A member of the other tenant, through its own /me, cannot reach it either.
    const eve = await member(other, 'eve');
    expect((await send(`/t/${other.appKey}/v1/me/emails/${own.id}`, 'DELETE', bearer(eve.token))).status).toBe(404);
    expect((await send(`/t/${t.appKey}/v1/me/emails/${own.id}`, 'DELETE', bearer(eve.token))).status).toBe(401);
    const user = await json(await call(`/t/${t.appKey}/v1/users/${alice.uuid}`, { headers: secret(t) }));
    expect(user.emails.find((e: any) => e.id === own.id)).toMatchObject({ address: 'alice-tenant@example.com' });
    // The other tenant's outbox holds none of this tenant's mail.
    expect((await outbox(other)).items.map((m) => m.to)).not.toContain('alice-tenant@example.com');
  });
});

describe("Identity API: /me and the authenticated user's emails", () => {
  let t: Tenant;
  let frank: { uuid: string; token: string };
  const me = (p = '') => `/t/${t.appKey}/v1/me${p}`;

  beforeAll(async () => {
    t = await createTenant('me-emails');
    frank = await member(t, 'frank');
  });

  it('a member creates, verifies, updates, re-sends and deletes its own addresses', async () => {
    const h = bearer(frank.token);
    const created = await send(me('/emails'), 'POST', h, { address: 'frank@example.com' });
    expect(created.status).toBe(201);
    const email = await json(created);
    expect(email).toMatchObject({ address: 'frank@example.com', verified: false });
    // /me/emails/{id}/verified needs the mailed token.
    expect((await send(me(`/emails/${email.id}/verified`), 'PUT', h, {})).status).toBe(400);
    expect((await send(me(`/emails/${email.id}/verified`), 'PUT', h, { verification_token: `${email.id}.guess` })).status).toBe(400);
    const verified = await send(me(`/emails/${email.id}/verified`), 'PUT', h, { verification_token: await mailedToken(t, 'frank@example.com') });
    expect(await json(verified)).toMatchObject({ id: email.id, verified: true });
    expect((await send(me(`/emails/${email.id}/verification`), 'POST', h)).status).toBe(409);

    const updated = await json(await send(me(`/emails/${email.id}`), 'PATCH', h, { address: 'frank2@example.com' }));
    expect(updated).toMatchObject({ id: email.id, address: 'frank2@example.com', verified: false });
    const first = await mailedToken(t, 'frank2@example.com');
    const sent = await json(await send(me(`/emails/${email.id}/verification`), 'POST', h));
    expect(sent.email_id).toBe(String(email.id));
    const second = await mailedToken(t, 'frank2@example.com');
    expect((await verify(t, first)).status).toBe(400);
    expect((await verify(t, second)).status).toBe(200);

    const mine = await json(await call(me(), { headers: h }));
    expect(mine.emails).toEqual([expect.objectContaining({ id: email.id, address: 'frank2@example.com', verified: true })]);
    expect((await send(me(`/emails/${email.id}`), 'DELETE', h)).status).toBe(204);
    expect((await json(await call(me(), { headers: h }))).emails).toEqual([]);
    expect((await send(me(`/emails/${email.id}`), 'DELETE', h)).status).toBe(404);
  });

  it('Update Me changes name, nickname and description with the reference limits', async () => {
    const h = bearer(frank.token);
    const res = await send(me(), 'PATCH', h, { nickname: 'Frankie', description: 'likes mail' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ uuid: frank.uuid, name: 'frank', nickname: 'Frankie', description: 'likes mail' });
    expect(body.password).not.toHaveProperty('temporary_password');
    expect(await json(await send(me(), 'PATCH', h, { name: 'frank_2' }))).toMatchObject({ name: 'frank_2' });
    expect((await json(await call(me(), { headers: h }))).name).toBe('frank_2');
    await member(t, 'taken');
    expect((await send(me(), 'PATCH', h, { name: 'taken' })).status).toBe(409);
    for (const bad of [{ name: 'bad name' }, { name: '' }, { nickname: 'n'.repeat(513) }, { name: 7 }]) {
      expect((await send(me(), 'PATCH', h, bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await json(await call(me(), { headers: h }))).nickname).toBe('Frankie');
  });

  it('the tenant secret is not a user: /me routes answer 403', async () => {
    expect((await send(me('/emails'), 'POST', secret(t), { address: 'secret@example.com' })).status).toBe(403);
    expect((await send(me(), 'PATCH', secret(t), { nickname: 'x' })).status).toBe(403);
    expect((await send(me('/emails'), 'POST', { 'content-type': 'application/json' }, { address: 'anon@example.com' })).status).toBe(401);
  });
});

describe('Operator API: the tenant outbox', () => {
  it('lists the mail of one tenant, newest first, paged with Total-Number and Link; 401 without the operator token; 404 unknown tenant', async () => {
    const t = await createTenant('outbox');
    const u = await member(t, 'grace');
    for (const a of ['g1@example.com', 'g2@example.com', 'g3@example.com']) await send(`/t/${t.appKey}/v1/users/${u.uuid}/emails`, 'POST', secret(t), { address: a });
    const res = await operator('GET', `/tenants/${t.appKey}/outbox?page=1&page_size=2`);
    expect(res.status).toBe(200);
    expect(res.headers.get('total-number')).toBe('3');
    expect(res.headers.get('link')).toContain('rel="next"');
    const page = await json(res);
    expect(page.totalItems).toBe(3);
    expect(page.items.map((m: any) => m.to)).toEqual(['g3@example.com', 'g2@example.com']);
    expect(Object.keys(page.items[0]).sort()).toEqual(['body', 'createdAt', 'id', 'kind', 'sentAt', 'subject', 'to']);
    expect((await json(await operator('GET', `/tenants/${t.appKey}/outbox?page=2&page_size=2`))).items.map((m: any) => m.to)).toEqual(['g1@example.com']);
    expect((await call(`/admin/v1/tenants/${t.appKey}/outbox`)).status).toBe(401);
    expect((await operator('GET', '/tenants/no-such-tenant/outbox')).status).toBe(404);
    expect((await operator('GET', `/tenants/${t.appKey}/outbox?page_size=0`)).status).toBe(400);
  });
});
