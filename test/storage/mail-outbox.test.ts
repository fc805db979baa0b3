import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/storage/db';
import { createMailOutboxRepository, outboxSender, webhookSender } from '../../src/storage/mail-outbox';

const db = () => openDb((env as unknown as { DB: D1Database }).DB);
const message = { to: 'someone@example.com', kind: 'email_verification', subject: 'Verify', body: 'Verification token: 1.s3cr3t' };
const clock = () => new Date('2030-01-02T03:04:05.000Z');

/** A stand-in for the operator's mail service (the only thing faked: not the platform). */
function mailService(status: number) {
  const received: { url: string; init: RequestInit }[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    received.push({ url, init });
    return new Response(null, { status });
  }) as unknown as typeof fetch;
  return { received, fetcher };
}

describe('mail senders', () => {
  it('the default sender records the message unsent in the tenant outbox', async () => {
    await outboxSender(db(), clock).send('outbox-a', message);
    const page = await createMailOutboxRepository(db()).list('outbox-a', { page: 1, itemsPerPage: 10, sort: [] });
    expect(page.items).toEqual([{ id: expect.any(Number), ...message, createdAt: '2030-01-02T03:04:05.000Z', sentAt: null }]);
    expect((await createMailOutboxRepository(db()).list('outbox-other', { page: 1, itemsPerPage: 10, sort: [] })).totalItems).toBe(0);
  });

  it('MAIL_WEBHOOK_URL: POSTs the message as JSON with the bearer token, then records it with sent_at', async () => {
    const service = mailService(202);
    await webhookSender(db(), clock, { url: 'https://mail.example/send', token: 'hook-secret', fetch: service.fetcher }).send('outbox-b', message);
    expect(service.received).toHaveLength(1);
    const { url, init } = service.received[0]!;
    expect(url).toBe('https://mail.example/send');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer hook-secret' });
    expect(JSON.parse(init.body as string)).toEqual({ tenant: 'outbox-b', ...message });
    const [row] = (await createMailOutboxRepository(db()).list('outbox-b', { page: 1, itemsPerPage: 10, sort: [] })).items;
    expect(row).toMatchObject({ to: message.to, sentAt: '2030-01-02T03:04:05.000Z' });
  });

  it('a failed delivery is recorded unsent and throws an error that does not carry the message', async () => {
    const service = mailService(503);
    const sending = webhookSender(db(), clock, { url: 'https://mail.example/send', fetch: service.fetcher }).send('outbox-c', message);
    await expect(sending).rejects.toThrow('mail webhook failed (status 503)');
    await sending.catch((err: Error) => expect(err.message).not.toContain('s3cr3t'));
    expect((service.received[0]!.init.headers as Record<string, string>).authorization).toBeUndefined();
    const [row] = (await createMailOutboxRepository(db()).list('outbox-c', { page: 1, itemsPerPage: 10, sort: [] })).items;
    expect(row).toMatchObject({ to: message.to, sentAt: null });
  });
});
