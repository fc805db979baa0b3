import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, json } from '../../helpers/http';
import { apps, appsTenant, appsUser, GIF, JPEG, PNG, WEBP, type AppsTenant } from '../../helpers/apps';
import { ADMIN_TOKEN } from '../../helpers/http';

const put = (t: AppsTenant, token: string, path: string, bytes: Uint8Array, type: string) => apps(t, token, 'PUT', path, bytes, { 'content-type': type });
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe('Apps API: profile images and the organization logo', () => {
  let t: AppsTenant;
  let admin: { id: string; token: string };
  let user: { id: string; token: string };
  let other: { id: string; token: string };

  beforeAll(async () => {
    t = await appsTenant();
    admin = await appsUser(t, 'ada', ['ORG_ADMIN']);
    user = await appsUser(t, 'uma');
    other = await appsUser(t, 'otto');
  });

  it('a user sets its profile image; it is served with its type, nosniff, private caching and an ETag', async () => {
    expect((await apps(t, user.token, 'GET', '/me/images/profile')).status).toBe(404);
    const stored = await put(t, user.token, '/me/images/profile', PNG, 'image/png');
    expect(stored.status).toBe(200);
    const meta = await json(stored);
    expect(meta).toEqual({ content_type: 'image/png', size: PNG.length, etag: expect.stringMatching(/^[0-9a-f]{64}$/), updated_at: expect.any(String) });
    const got = await apps(t, user.token, 'GET', '/me/images/profile');
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('cache-control')).toBe('private, max-age=300');
    expect(got.headers.get('etag')).toBe(`"${meta.etag}"`);
    expect(await bytesOf(got)).toEqual(PNG);
    const again = await apps(t, user.token, 'GET', '/me/images/profile', undefined, { 'if-none-match': `"${meta.etag}"` });
    expect(again.status).toBe(304);
    expect((await json(await apps(t, user.token, 'GET', '/me'))).has_profile_image).toBe(true);
    // An organization admin sees it under /users/{id}; another plain user does not.
    const viaAdmin = await apps(t, admin.token, 'GET', `/users/${user.id}/images/profile`);
    expect(viaAdmin.status).toBe(200);
    expect(await bytesOf(viaAdmin)).toEqual(PNG);
    expect((await apps(t, other.token, 'GET', `/users/${user.id}/images/profile`)).status).toBe(404);
  });

  it('JPEG, WebP and GIF are accepted and served with their own types', async () => {
    for (const [bytes, type] of [[JPEG, 'image/jpeg'], [WEBP, 'image/webp'], [GIF, 'image/gif']] as const) {
      expect((await put(t, other.token, '/me/images/profile', bytes, type)).status).toBe(200);
      const got = await apps(t, other.token, 'GET', '/me/images/profile');
      expect(got.headers.get('content-type')).toBe(type);
      expect(await bytesOf(got)).toEqual(bytes);
    }
  });

  it('types are checked by their bytes: a mislabelled or foreign file is 415; nothing is stored', async () => {
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const cases: [Uint8Array, string][] = [
      [html, 'image/png'],
      [PNG, 'image/jpeg'],
      [PNG, 'text/html'],
      [PNG, 'application/octet-stream'],
      [new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'],
    ];
    const fresh = await appsUser(t, 'fay');
    for (const [bytes, type] of cases) {
      const res = await put(t, fresh.token, '/me/images/profile', bytes, type);
      expect(res.status).toBe(415);
      expect(await json(res)).toEqual({ error: { code: 'image.invalid', message: expect.stringContaining('image/png') } });
    }
    expect((await apps(t, fresh.token, 'GET', '/me/images/profile')).status).toBe(404);
    expect((await put(t, fresh.token, '/me/images/profile', new Uint8Array(0), 'image/png')).status).toBe(400);
  });

  it('H-1: an image over 1 MiB is 413', async () => {
    const big = new Uint8Array(1024 * 1024 + 1);
    big.set(PNG);
    const res = await put(t, user.token, '/me/images/profile', big, 'image/png');
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('payload_too_large');
    const max = new Uint8Array(1024 * 1024);
    max.set(PNG);
    expect((await put(t, user.token, '/me/images/profile', max, 'image/png')).status).toBe(200);
    expect((await bytesOf(await apps(t, user.token, 'GET', '/me/images/profile'))).length).toBe(max.length);
  });

  it("only the user itself or an organization admin changes a user's image", async () => {
    expect((await put(t, other.token, `/users/${user.id}/images/profile`, PNG, 'image/png')).status).toBe(404);
    expect((await put(t, admin.token, `/users/${user.id}/images/profile`, JPEG, 'image/jpeg')).status).toBe(200);
    expect((await apps(t, user.token, 'GET', '/me/images/profile')).headers.get('content-type')).toBe('image/jpeg');
    expect((await apps(t, admin.token, 'DELETE', `/users/${user.id}/images/profile`)).status).toBe(204);
    expect((await apps(t, user.token, 'GET', '/me/images/profile')).status).toBe(404);
    expect((await apps(t, user.token, 'DELETE', '/me/images/profile')).status).toBe(404);
  });

  it('the organization logo: set by an organization admin or the operator, served to every caller of the tenant', async () => {
    expect((await apps(t, user.token, 'GET', '/organizations/images/logo')).status).toBe(404);
    expect((await put(t, user.token, '/organizations/images/logo', PNG, 'image/png')).status).toBe(403);
    expect((await put(t, admin.token, '/organizations/images/logo', PNG, 'image/png')).status).toBe(200);
    const logo = await apps(t, user.token, 'GET', '/organizations/images/logo');
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(await bytesOf(logo)).toEqual(PNG);
    expect((await json(await apps(t, user.token, 'GET', '/organizations'))).has_logo).toBe(true);

    const byOperator = await call(`/admin/v1/tenants/${t.appKey}/apps/organization/images/logo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'image/gif' },
      body: GIF,
    });
    expect(byOperator.status).toBe(200);
    expect((await apps(t, user.token, 'GET', '/organizations/images/logo')).headers.get('content-type')).toBe('image/gif');
    const refused = await call(`/admin/v1/tenants/${t.appKey}/apps/users/${user.id}/images/profile`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'image/png' },
      body: new TextEncoder().encode('not a png'),
    });
    expect(refused.status).toBe(400);
    expect((await json(refused)).error.code).toBe('image.invalid');
    const operatorProfile = await call(`/admin/v1/tenants/${t.appKey}/apps/users/${user.id}/images/profile`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'image/webp' },
      body: WEBP,
    });
    expect(operatorProfile.status).toBe(200);
    expect((await apps(t, user.token, 'GET', '/me/images/profile')).headers.get('content-type')).toBe('image/webp');
    expect((await apps(t, admin.token, 'DELETE', '/organizations/images/logo')).status).toBe(204);
    expect((await apps(t, user.token, 'GET', '/organizations/images/logo')).status).toBe(404);
  });

  it("deleting a user deletes its profile image (no row is left behind)", async () => {
    const gone = await appsUser(t, 'gil');
    expect((await put(t, gone.token, '/me/images/profile', PNG, 'image/png')).status).toBe(200);
    const rows = () => env.DB.prepare("SELECT COUNT(*) AS n FROM images WHERE tenant_id = ? AND owner_kind = 'user' AND owner_id = ?").bind(t.appKey, gone.id).first<{ n: number }>();
    expect((await rows())!.n).toBe(1);
    expect((await call(`/t/${t.appKey}/v1/users/${gone.id}`, { method: 'DELETE', headers: { 'x-secret-key': t.secretKey } })).status).toBe(204);
    expect((await rows())!.n).toBe(0);
    expect((await apps(t, admin.token, 'GET', `/users/${gone.id}/images/profile`)).status).toBe(404);
  });

  it("another tenant's images are out of reach", async () => {
    const b = await appsTenant();
    const boss = await appsUser(b, 'boss', ['ORG_ADMIN']);
    expect((await apps(b, boss.token, 'GET', `/users/${user.id}/images/profile`)).status).toBe(404);
    expect((await apps(b, boss.token, 'GET', '/organizations/images/logo')).status).toBe(404);
  });
});
