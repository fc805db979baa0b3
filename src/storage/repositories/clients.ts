import { and, asc, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { GrantType, OAuthClient, TokenEndpointAuthMethod } from '../../domain/clients/client';
import type { ClientRepository } from '../../domain/clients/repository';
import { asOp, inList, type Db } from '../db';
import { appAllowedClients, edges, oauthClients, oauthClientSecrets } from '../schema';
import { containsInsensitive, offsetOf } from './sorting';

const toClient = (r: typeof oauthClients.$inferSelect): OAuthClient => ({
  clientId: r.clientId,
  name: r.name,
  grantTypes: JSON.parse(r.grantTypes) as GrantType[],
  tokenEndpointAuthMethod: r.tokenEndpointAuthMethod as TokenEndpointAuthMethod,
  redirectUris: JSON.parse(r.redirectUris) as string[],
  scopes: JSON.parse(r.scopes) as string[],
  audiences: JSON.parse(r.audiences) as string[],
  tlsClientAuthSubjectDn: r.tlsClientAuthSubjectDn,
  ownerUserId: r.ownerUserId,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export function createClientRepository(db: Db): ClientRepository {
  const c = oauthClients;
  const s = oauthClientSecrets;
  const mine = (tenantId: string) => eq(c.tenantId, tenantId);
  return {
    async find(tenantId, clientId) {
      const rows = await db.select().from(c).where(and(mine(tenantId), eq(c.clientId, clientId))).limit(1);
      return rows[0] ? toClient(rows[0]) : null;
    },
    async list(tenantId, f, page) {
      const conds: SQL[] = [mine(tenantId)];
      if (f.ids?.length) conds.push(inList(c.clientId, f.ids));
      if (f.nameLike?.length) conds.push(or(...f.nameLike.map((n) => containsInsensitive(c.name, n)))!);
      if (f.ownerUserId) conds.push(eq(c.ownerUserId, f.ownerUserId));
      // An edge's client is part of the edge (managed through /edges), not a listed OAuth2 client.
      conds.push(sql`NOT EXISTS (SELECT 1 FROM ${edges} WHERE ${edges.tenantId} = ${tenantId} AND ${edges.edgeId} = ${c.clientId})`);
      const where = and(...conds);
      const cols = { name: c.name, createdAt: c.createdAt, updatedAt: c.updatedAt };
      const order = [...page.sort.map((k) => (k.direction === 'DESC' ? desc(cols[k.field]) : asc(cols[k.field]))), asc(c.clientId)];
      const [total, rows] = await Promise.all([
        db.select({ n: count() }).from(c).where(where),
        db.select().from(c).where(where).orderBy(...order).limit(page.itemsPerPage).offset(offsetOf(page)),
      ]);
      return { totalItems: total[0]?.n ?? 0, items: rows.map(toClient) };
    },
    async secretsOf(tenantId, clientIds) {
      const out = new Map<string, { id: number; name: string; lastUsedAt: string | null; createdAt: string }[]>();
      if (clientIds.length === 0) return out;
      const rows = await db.select().from(s).where(and(eq(s.tenantId, tenantId), inList(s.clientId, clientIds))).orderBy(s.id);
      for (const r of rows) out.set(r.clientId, [...(out.get(r.clientId) ?? []), { id: r.id, name: r.name, lastUsedAt: r.lastUsedAt, createdAt: r.createdAt }]);
      return out;
    },
    async secretHashes(tenantId, clientId) {
      return db.select({ id: s.id, secretHash: s.secretHash }).from(s).where(and(eq(s.tenantId, tenantId), eq(s.clientId, clientId)));
    },
    insert(tenantId, client) {
      return asOp(
        db.insert(c).values({
          tenantId,
          clientId: client.clientId,
          name: client.name,
          grantTypes: JSON.stringify(client.grantTypes),
          tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
          redirectUris: JSON.stringify(client.redirectUris),
          scopes: JSON.stringify(client.scopes),
          audiences: JSON.stringify(client.audiences),
          tlsClientAuthSubjectDn: client.tlsClientAuthSubjectDn,
          ownerUserId: client.ownerUserId,
          createdAt: client.createdAt,
          updatedAt: client.updatedAt,
        }),
      );
    },
    update(tenantId, clientId, patch) {
      return asOp(
        db
          .update(c)
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.redirectUris !== undefined ? { redirectUris: JSON.stringify(patch.redirectUris) } : {}),
            ...(patch.audiences !== undefined ? { audiences: JSON.stringify(patch.audiences) } : {}),
            ...(patch.scopes !== undefined ? { scopes: JSON.stringify(patch.scopes) } : {}),
            updatedAt: patch.updatedAt,
          })
          .where(and(mine(tenantId), eq(c.clientId, clientId))),
      );
    },
    delete(tenantId, clientId) {
      return [
        asOp(db.delete(s).where(and(eq(s.tenantId, tenantId), eq(s.clientId, clientId)))),
        asOp(db.delete(appAllowedClients).where(and(eq(appAllowedClients.tenantId, tenantId), eq(appAllowedClients.clientId, clientId)))),
        asOp(db.delete(c).where(and(mine(tenantId), eq(c.clientId, clientId)))),
      ];
    },
    async touchSecret(tenantId, clientId, secretId, at) {
      await db.update(s).set({ lastUsedAt: at }).where(and(eq(s.tenantId, tenantId), eq(s.clientId, clientId), eq(s.id, secretId)));
    },
    deleteSecret(tenantId, clientId, secretId) {
      return asOp(db.delete(s).where(and(eq(s.tenantId, tenantId), eq(s.clientId, clientId), eq(s.id, secretId))));
    },
    insertSecret(tenantId, clientId, secret) {
      return asOp(db.insert(s).values({ tenantId, clientId, ...secret }));
    },
  };
}
