// Measures how many bytes a typical row of each D1 table takes, indexes included, in SQLite itself:
// applies migrations/ to a scratch database, inserts ROWS typical rows per table (one tenant, ids
// and lengths as the API produces them), and reads the pages each table and its indexes use from
// SQLite's `dbstat`. Run with Node 22 (`npx node bench/row-sizes.mjs`); prints a Markdown table.
import { readdirSync, readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

const ROWS = 20_000;
const here = new URL('../migrations/', import.meta.url);
const db = new DatabaseSync(':memory:');
db.exec('PRAGMA foreign_keys = OFF'); // sizes only: rows need no parents here
for (const f of readdirSync(here).filter((n) => n.endsWith('.sql')).sort()) db.exec(readFileSync(new URL(f, here), 'utf8'));

const uuid = () => crypto.randomUUID();
const hex = (n) => [...crypto.getRandomValues(new Uint8Array(n / 2))].map((b) => b.toString(16).padStart(2, '0')).join('');
const iso = () => new Date(Date.now() - Math.floor(Math.random() * 1e10)).toISOString();
/** A distinct string of `n` characters (names, paths and ids must be unique in many tables). */
const text = (n) => hex(Math.ceil(n / 2) * 2).slice(0, n);
const TENANT = hex(20);

/** Typical values by column name; anything else: a 16-character text or a small integer. */
const typical = {
  tenant_id: () => TENANT,
  created_at: iso, updated_at: iso, execution_time: iso, used_at: iso, last_attempt_at: iso, password_created_at: iso, password_updated_at: iso, last_sign_in_at: iso, sent_at: iso, expired_at: iso,
  user_id: uuid, role_id: uuid, related_role_id: uuid, resource_id: () => hex(32), client_id: uuid, family_id: () => hex(22), kid: uuid, jti: () => hex(22), owner_user_id: uuid, operator_uuid: uuid,
  scope_id: () => 'ALL', policy: () => 'ALLOW', conditions: () => '[]', command: () => 'ADD', operation_id: () => 'GET', attribute_id: () => text(12),
  token_hash: () => hex(64), code_hash: () => hex(64), secret_hash: () => hex(64), verification_token_hash: () => hex(64),
  password_hash: () => `pbkdf2-sha256$100000$${text(22)}$${text(43)}`,
  name: () => text(12), nickname: () => text(12), role_name: () => text(16), address: () => `${text(10)}@example.com`, to_address: () => `${text(10)}@example.com`,
  path: () => `/api/v1/${text(8)}/{id}`, ui_path: () => `/ui/${text(8)}`, redirect_uri: () => 'https://app.example.com/callback',
  redirect_uris: () => '["https://app.example.com/callback"]', grant_types: () => '["authorization_code","refresh_token"]', scopes: () => '[]', audiences: () => '[]',
  scope: () => 'openid', description: () => null, metadata: () => null, nonce: () => null, code_challenge: () => hex(43),
  public_jwk: () => text(180), private_jwk_sealed: () => text(330), status: () => 'retired', alg: () => 'ES256',
  subject: () => text(40), body: () => text(600), kind: () => 'email_verification',
};
/** Where a usually shared value is the row's own key. */
const ownKey = { scopes: 'scope_id', operations: 'operation_id' };
const fill = (table) => (col) => {
  if (ownKey[table] === col.name) return text(12);
  const f = typical[col.name];
  const v = f ? f() : undefined;
  if (v !== undefined && (v !== null || !col.notnull)) return v;
  if (v === null && col.dflt_value !== null) return JSON.parse(col.dflt_value.replace(/^'(.*)'$/, '"$1"'));
  if (/INT/i.test(col.type)) return col.name.endsWith('expires_at') || col.name.endsWith('_exp') || col.name === 'auth_time' ? Math.floor(Date.now() / 1000) : 0;
  return col.dflt_value !== null ? JSON.parse(col.dflt_value.replace(/^'(.*)'$/, '"$1"')) : text(16);
};

const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'd1_%'`).all().map((r) => r.name)
  // write_guards refuses every row by design (src/storage/schema/guards.ts)
  .filter((name) => name !== 'write_guards');
const rows = [];
for (const table of tables) {
  const cols = db.prepare(`PRAGMA table_info(${JSON.stringify(table)})`).all();
  // An INTEGER PRIMARY KEY alone is the rowid: SQLite numbers it.
  const keyed = cols.filter((c) => c.pk > 0);
  const own = keyed.length === 1 && /INTEGER/i.test(keyed[0].type) ? keyed[0].name : null;
  cols.splice(0, cols.length, ...cols.filter((c) => c.name !== own));
  const insert = db.prepare(`INSERT OR IGNORE INTO ${JSON.stringify(table)} (${cols.map((c) => JSON.stringify(c.name)).join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
  db.exec('BEGIN');
  for (let i = 0; i < ROWS; i++) insert.run(...cols.map(fill(table)));
  // OR IGNORE only drops the rare random-key collision; a table that keeps few rows is reported as missing.
  db.exec('COMMIT');
  const n = db.prepare(`SELECT count(*) AS n FROM ${JSON.stringify(table)}`).get().n;
  if (n < ROWS * 0.99) throw new Error(`${table}: only ${n} of ${ROWS} typical rows went in; fix its typical values`);
  const objects = db.prepare(`SELECT name FROM sqlite_master WHERE tbl_name = ? AND type IN ('table', 'index')`).all(table).map((r) => r.name);
  const bytes = objects.reduce((sum, o) => sum + (db.prepare(`SELECT coalesce(sum(pgsize), 0) AS b FROM dbstat WHERE name = ?`).get(o).b ?? 0), 0);
  rows.push({ table, bytesPerRow: Math.round(bytes / n), indexes: objects.length - 1 });
}
console.log(`Bytes per row (table + its indexes, ${ROWS.toLocaleString('en')} typical rows each, SQLite ${db.prepare('select sqlite_version() v').get().v}):\n`);
console.log('| table | bytes per row | indexes |\n| --- | ---: | ---: |');
for (const r of rows.sort((a, b) => a.table.localeCompare(b.table))) console.log(`| \`${r.table}\` | ${r.bytesPerRow} | ${r.indexes} |`);
