import { DomainError, invalid } from '../errors';
import type { Deps } from '../ports';

const ADDRESS = /^[^\s@]+@[^\s@]+$/;

/** An e-mail address of 1..256 characters: something, `@`, something, no spaces. */
export function checkAddress(address: string, field = 'address') {
  if (address.length < 1 || address.length > 256 || !ADDRESS.test(address)) throw invalid(`${field} must be an e-mail address of 1 to 256 characters`);
}

/** An address belongs to one user of a tenant (case-insensitively); `exceptId` is the row being changed. */
export async function assertAvailable(deps: Deps, tenantId: string, address: string, exceptId?: number) {
  const owner = await deps.repos.emails.ownerOf(tenantId, address);
  if (owner && owner.id !== exceptId) throw new DomainError('conflict', 'the e-mail address is already registered in this tenant');
}
