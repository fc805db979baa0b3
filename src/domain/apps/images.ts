import { applyChange } from '../change';
import { base64url, bytesToHex, fromBase64url } from '../../lib/crypto';
import { DomainError, invalid } from '../errors';
import type { Deps } from '../ports';
import type { Tenant } from '../tenants/tenant';
import { getTenant } from '../tenants/tenants';
import { ownAccount, type AppsCaller, mayView } from './access';
import type { ImageOwnerKind, StoredImage } from './model';

/** Largest image accepted (bytes of the image itself). */
export const MAX_IMAGE_BYTES = 1024 * 1024;

/** The accepted types, each recognised by its leading bytes ("magic numbers"), never by the declared type alone. */
const SIGNATURES: { type: string; matches: (b: Uint8Array) => boolean }[] = [
  { type: 'image/png', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', matches: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { type: 'image/webp', matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b.subarray(8), ascii('WEBP')) },
];
export const IMAGE_TYPES = SIGNATURES.map((s) => s.type);

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((v, i) => bytes[i] === v);
}

/**
 * Pure: the image's type when the bytes are one of the accepted formats and agree with the declared
 * type (parameters such as `; charset` ignored; `image/jpg` read as `image/jpeg`).
 */
export function detectImageType(declared: string | undefined, bytes: Uint8Array): string {
  const detected = SIGNATURES.find((s) => s.matches(bytes))?.type;
  const claimed = (declared ?? '').split(';')[0]!.trim().toLowerCase().replace(/^image\/jpg$/, 'image/jpeg');
  if (!detected || claimed !== detected) {
    throw new DomainError('image.invalid', `an image must be ${IMAGE_TYPES.join(', ')}, sent with its own Content-Type`);
  }
  return detected;
}

export interface ImageFile {
  contentType: string;
  bytes: Uint8Array;
  etag: string;
  updatedAt: string;
}

async function storeImage(deps: Deps, tenantId: string, kind: ImageOwnerKind, ownerId: string, upload: { contentType?: string; bytes: Uint8Array }) {
  if (upload.bytes.length === 0) throw invalid('the image is empty');
  if (upload.bytes.length > MAX_IMAGE_BYTES) throw invalid(`an image must be at most ${MAX_IMAGE_BYTES} bytes`);
  const contentType = detectImageType(upload.contentType, upload.bytes);
  const image: StoredImage = {
    contentType,
    data: base64url(upload.bytes),
    size: upload.bytes.length,
    etag: bytesToHex(await crypto.subtle.digest('SHA-256', upload.bytes)),
    updatedAt: deps.clock.now().toISOString(),
  };
  await applyChange(deps, tenantId, [deps.repos.apps.putImage(tenantId, kind, ownerId, image)]);
  return { contentType, size: image.size, etag: image.etag, updatedAt: image.updatedAt };
}

async function loadImage(deps: Deps, tenantId: string, kind: ImageOwnerKind, ownerId: string): Promise<ImageFile> {
  const found = await deps.repos.apps.findImage(tenantId, kind, ownerId);
  if (!found) throw new DomainError('image.not_found', kind === 'user' ? 'the user has no profile image' : 'the organization has no logo');
  return { contentType: found.contentType, bytes: fromBase64url(found.data), etag: found.etag, updatedAt: found.updatedAt };
}

async function removeImage(deps: Deps, tenantId: string, kind: ImageOwnerKind, ownerId: string): Promise<void> {
  await loadImage(deps, tenantId, kind, ownerId);
  await applyChange(deps, tenantId, [deps.repos.apps.deleteImage(tenantId, kind, ownerId)]);
}

function tenantOrganization(tenant: Tenant): string {
  if (!tenant.organizationId) throw new DomainError('organization.not_found', 'this tenant belongs to no organization');
  return tenant.organizationId;
}

async function requireUser(deps: Deps, tenantId: string, accountId: string): Promise<void> {
  if (!(await deps.repos.accounts.find(tenantId, accountId))) throw new DomainError('user.not_found', `user ${accountId} not found`);
}

/** A user's profile image is changed by the user itself or an organization admin; users the caller cannot see are absent. */
function assertMayEditUser(caller: AppsCaller, accountId: string): void {
  ownAccount(caller);
  if (!mayView(caller, accountId)) throw new DomainError('user.not_found', `user ${accountId} not found`);
  if (caller.accountId !== accountId && !caller.view.isOrganizationAdmin) {
    throw new DomainError('forbidden', "only the user itself or an organization admin may change a user's profile image");
  }
}

function assertOrganizationAdmin(caller: AppsCaller): void {
  if (!caller.view.isOrganizationAdmin) throw new DomainError('forbidden', "only an organization admin may change the organization's logo");
}

// ---- Apps API (the caller's roles decide) ----

export async function userImage(deps: Deps, tenant: Tenant, caller: AppsCaller, accountId: string): Promise<ImageFile> {
  if (!mayView(caller, accountId)) throw new DomainError('user.not_found', `user ${accountId} not found`);
  await requireUser(deps, tenant.appKey, accountId);
  return loadImage(deps, tenant.appKey, 'user', accountId);
}

export const myImage = (deps: Deps, tenant: Tenant, caller: AppsCaller) => userImage(deps, tenant, caller, ownAccount(caller));

export async function setUserImage(deps: Deps, tenant: Tenant, caller: AppsCaller, accountId: string, upload: { contentType?: string; bytes: Uint8Array }) {
  assertMayEditUser(caller, accountId);
  await requireUser(deps, tenant.appKey, accountId);
  return storeImage(deps, tenant.appKey, 'user', accountId, upload);
}

export async function deleteUserImage(deps: Deps, tenant: Tenant, caller: AppsCaller, accountId: string) {
  assertMayEditUser(caller, accountId);
  await removeImage(deps, tenant.appKey, 'user', accountId);
}

export const setMyImage = (deps: Deps, tenant: Tenant, caller: AppsCaller, upload: { contentType?: string; bytes: Uint8Array }) =>
  setUserImage(deps, tenant, caller, ownAccount(caller), upload);

export const deleteMyImage = (deps: Deps, tenant: Tenant, caller: AppsCaller) => deleteUserImage(deps, tenant, caller, ownAccount(caller));

export const organizationLogo = (deps: Deps, tenant: Tenant) => loadImage(deps, tenant.appKey, 'organization', tenantOrganization(tenant));

export async function setOrganizationLogo(deps: Deps, tenant: Tenant, caller: AppsCaller, upload: { contentType?: string; bytes: Uint8Array }) {
  assertOrganizationAdmin(caller);
  return storeImage(deps, tenant.appKey, 'organization', tenantOrganization(tenant), upload);
}

export async function deleteOrganizationLogo(deps: Deps, tenant: Tenant, caller: AppsCaller) {
  assertOrganizationAdmin(caller);
  await removeImage(deps, tenant.appKey, 'organization', tenantOrganization(tenant));
}

// ---- Operator API (full access to one tenant) ----

export async function operatorSetUserImage(deps: Deps, appKey: string, accountId: string, upload: { contentType?: string; bytes: Uint8Array }) {
  await getTenant(deps, appKey);
  await requireUser(deps, appKey, accountId);
  return storeImage(deps, appKey, 'user', accountId, upload);
}

export async function operatorDeleteUserImage(deps: Deps, appKey: string, accountId: string) {
  await getTenant(deps, appKey);
  await requireUser(deps, appKey, accountId);
  await removeImage(deps, appKey, 'user', accountId);
}

export async function operatorSetOrganizationLogo(deps: Deps, appKey: string, upload: { contentType?: string; bytes: Uint8Array }) {
  return storeImage(deps, appKey, 'organization', tenantOrganization(await getTenant(deps, appKey)), upload);
}

export async function operatorDeleteOrganizationLogo(deps: Deps, appKey: string) {
  await removeImage(deps, appKey, 'organization', tenantOrganization(await getTenant(deps, appKey)));
}
