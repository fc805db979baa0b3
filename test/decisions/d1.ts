import { env } from 'cloudflare:test';

/** Every D1 row that belongs to tenant `appKey` (its `tenants` row and every row keyed by `tenant_id`), table by table, in a stable order. */
export async function rowsOf(appKey: string): Promise<Record<string, string[]>> {
  const tables = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'd1_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>()).results;
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const columns = (await env.DB.prepare(`PRAGMA table_info(\`${name}\`)`).all<{ name: string }>()).results.map((c) => c.name);
    const column = columns.includes('tenant_id') ? 'tenant_id' : name === 'tenants' ? 'app_key' : null;
    if (!column) continue;
    const rows = (await env.DB.prepare(`SELECT * FROM \`${name}\` WHERE \`${column}\` = ?`).bind(appKey).all()).results;
    out[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

/** The tenant's revision as its coordinator (Durable Object) holds it. */
export const revisionOf = (appKey: string): Promise<number> => env.TENANT.get(env.TENANT.idFromName(appKey)).currentRevision();
