import { getTenant } from '../tenants/tenants';
import type { Page, PageRequest } from '../paging';
import type { Deps } from '../ports';

/** A message as recorded in the tenant's outbox (`mail_outbox`). */
export interface OutboxEntry {
  id: number;
  to: string;
  kind: string;
  subject: string;
  body: string;
  createdAt: string;
  /** When a configured sender delivered it; null when only recorded. */
  sentAt: string | null;
}

export interface MailOutboxRepository {
  /** Newest first (id descending). */
  list(tenantId: string, page: PageRequest<'id'>): Promise<Page<OutboxEntry>>;
}

/** The operator's view of what the tenant sent (or would have sent): newest first. */
export async function listOutbox(deps: Deps, appKey: string, page: { page: number; itemsPerPage: number }): Promise<Page<OutboxEntry>> {
  await getTenant(deps, appKey);
  return deps.repos.mailOutbox.list(appKey, { ...page, sort: [{ field: 'id', direction: 'DESC' }] });
}
