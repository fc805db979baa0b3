// Seeds one benchmark tenant straight into D1 (through Miniflare's binding), because creating
// 100k users over HTTP would measure the seeding, not the checks. The shape is what the Role API
// would write: roles in a chain of `depth` levels with a DENY relation and a conditional relation,
// resources under one UI tree with grants, users holding the top role.

const literal = (v) => (typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);

/**
 * Multi-row INSERTs with inline literals (the values are generated here, never user input), sent
 * in modest chunks: Miniflare's binding proxy drops very large requests.
 */
async function insertRows(db, table, columns, rows) {
  const ROWS_PER_STATEMENT = 500;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => `(${r.map(literal).join(',')})`).join(',');
    await db.prepare(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${values}`).run();
  }
}

export async function seedTenant(db, appKey, size) {
  const now = new Date().toISOString();
  const roles = Array.from({ length: size.depth + 2 }, (_, i) => `role-${i}`);
  await insertRows(db, 'roles', ['tenant_id', 'role_id', 'exposure_order', 'created_at'], roles.map((r, i) => [appKey, r, i, now]));
  await insertRows(db, 'attributes', ['tenant_id', 'attribute_id', 'data_type', 'created_at'], [[appKey, 'level', 'NUMERIC', now]]);
  const condition = JSON.stringify([{ attributeId: 'level', attributeOperatorTypeCode: 'GREATER_THAN', attributeValues: ['1'] }]);
  // role-0 -> role-1 -> ... -> role-depth (the graph's depth); a DENY from role-0 to the spare
  // role `role-{depth+1}`, and the last link carries a condition.
  const relations = [];
  for (let i = 0; i < size.depth; i++) relations.push([appKey, roles[i], roles[i + 1], 'ALLOW', i === size.depth - 1 ? condition : '[]', now]);
  relations.push([appKey, roles[0], roles[size.depth + 1], 'DENY', '[]', now]);
  await insertRows(db, 'role_relations', ['tenant_id', 'role_id', 'related_role_id', 'policy', 'conditions', 'created_at'], relations);
  await insertRows(db, 'operations', ['tenant_id', 'operation_id', 'created_at'], [[appKey, 'GET', now], [appKey, 'POST', now]]);
  const resources = Array.from({ length: size.resources }, (_, i) => [appKey, `res-${i}`, `/api/v1/items${i}/{id}`, `/Items/I${i}`, 0, now]);
  await insertRows(db, 'resources', ['tenant_id', 'resource_id', 'path', 'ui_path', 'priority', 'created_at'], resources);
  const deepest = roles[size.depth];
  await insertRows(
    db,
    'resource_authorizations',
    ['tenant_id', 'resource_id', 'role_id', 'operation_id', 'created_at'],
    resources.map(([, id]) => [appKey, id, deepest, 'GET', now]),
  );
  await insertRows(db, 'users', ['tenant_id', 'user_id', 'created_at'], Array.from({ length: size.users }, (_, i) => [appKey, `user-${i}`, now]));
  await insertRows(
    db,
    'user_role_relations',
    ['tenant_id', 'user_id', 'role_id', 'scope_id', 'policy', 'conditions', 'created_at'],
    Array.from({ length: size.users }, (_, i) => [appKey, `user-${i}`, roles[0], 'ALL', 'ALLOW', '[]', now]),
  );
}
