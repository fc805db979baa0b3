import { count, desc, eq } from 'drizzle-orm';
import type { MailOutboxRepository } from '../domain/mail/outbox';
import type { MailMessage, MailSender } from '../domain/ports';
import type { Db } from './db';
import { mailOutbox } from './schema';
import { offsetOf } from './repositories/sorting';

/**
 * Mail adapters. Every message becomes a `mail_outbox` row of its tenant (`to_address`, `kind`,
 * `subject`, `body`, `created_at`, `sent_at`), which operators read through
 * `GET /admin/v1/tenants/{appKey}/outbox`.
 *
 * - `outboxSender` (default): records the row only (`sent_at` null). There is no mail transport at
 *   the edge, so this is what a test, a local run or an operator without a mail service gets.
 * - `webhookSender` (when `MAIL_WEBHOOK_URL` is set): POSTs `{tenant, to, kind, subject, body}` as
 *   JSON to that URL (with `Authorization: Bearer $MAIL_WEBHOOK_TOKEN` when set), then records the
 *   row with `sent_at`. A failed delivery is recorded unsent and throws (a 500 for the caller).
 *
 * Neither ever logs a message: bodies carry verification tokens.
 */
function record(db: Db, tenantId: string, m: MailMessage, createdAt: string, sentAt: string | null) {
  return db.insert(mailOutbox).values({ tenantId, toAddress: m.to, kind: m.kind, subject: m.subject, body: m.body, createdAt, sentAt });
}

export function outboxSender(db: Db, now: () => Date): MailSender {
  return {
    async send(tenantId, message) {
      await record(db, tenantId, message, now().toISOString(), null);
    },
  };
}

export function webhookSender(db: Db, now: () => Date, hook: { url: string; token?: string; fetch?: typeof fetch }): MailSender {
  const post = hook.fetch ?? fetch;
  return {
    async send(tenantId, message) {
      const createdAt = now().toISOString();
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (hook.token) headers.authorization = `Bearer ${hook.token}`;
      let status = 0;
      try {
        const res = await post(hook.url, { method: 'POST', headers, body: JSON.stringify({ tenant: tenantId, ...message }) });
        status = res.status;
        await res.body?.cancel();
      } catch {
        status = 0;
      }
      const delivered = status >= 200 && status < 300;
      await record(db, tenantId, message, createdAt, delivered ? now().toISOString() : null);
      // The message (and so the token) stays out of the error: only the status is reported.
      if (!delivered) throw new Error(`mail webhook failed (status ${status || 'network error'})`);
    },
  };
}

export function createMailOutboxRepository(db: Db): MailOutboxRepository {
  const o = mailOutbox;
  return {
    async list(tenantId, page) {
      const where = eq(o.tenantId, tenantId);
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(o).where(where),
        db
          .select({ id: o.id, to: o.toAddress, kind: o.kind, subject: o.subject, body: o.body, createdAt: o.createdAt, sentAt: o.sentAt })
          .from(o)
          .where(where)
          .orderBy(desc(o.id))
          .limit(page.itemsPerPage)
          .offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows };
    },
  };
}
