import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { EdgeIamRpc } from '../../src/faces/rpc';
import { createTenant } from '../helpers/http';
import { expectStatus, identity, type Tenant } from '../helpers/identity-client';
import { expectCode, RoleClient } from '../helpers/role-client';
import corpus from './corpus.json';
import httpCorpus from './corpus-http.json';

/**
 * Z-2, Z-3, Z-4, Z-5, Z-7: the decision corpora (`corpus.json`: Role API resource and role checks;
 * `corpus-http.json`: the endpoint-rule check) run through every face that answers them — the
 * Role API checks (batched, and one item per request so the answer cache is exercised) and the
 * RPC entrypoint; the Identity API `POST /authorization/http` and RPC `checkHttp` — each face once
 * right after `PUT .../config/cache-evict` (cold) and once more (warm). Every face must give the
 * corpus' answer for every item of the universe; items no ALLOW case names must be denied.
 */

type Expect = 'ALLOW' | 'DENY';
type Pick = string[] | '*';
type Attr = { attributeId: string; attributeValue: string };

const rpc = () => new EdgeIamRpc({ waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext, env);
const values = (pick: Pick | undefined, universe: readonly string[], what: string): string[] => {
  if (pick === undefined || pick === '*') return [...universe];
  for (const v of pick) if (!universe.includes(v)) throw new Error(`corpus: ${what} ${v} is not in the universe`);
  return pick;
};
const product = (lists: string[][]): string[][] => lists.reduce<string[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);

/** A check item of the universe, its expected answer, and the checklist items its case names. */
interface Item<K> {
  key: K;
  expect: Expect;
  tags: string[];
  rule: string;
}

/**
 * The universe's items with their expected answers: the case naming an item decides it (no two
 * cases name the same item), every other item is DENY (default deny).
 */
function expand<K>(dimensions: { name: string; universe: string[] }[], cases: (Record<string, unknown> & { expect: string; rule: string; tags?: string[] })[], key: (t: string[]) => K): Item<K>[] {
  const decided = new Map<string, { expect: Expect; tags: string[]; rule: string }>();
  for (const c of cases) {
    const lists = dimensions.map((d) => values(c[d.name] as Pick | undefined, d.universe, d.name));
    for (const tuple of product(lists)) {
      const id = JSON.stringify(tuple);
      if (decided.has(id)) throw new Error(`corpus: ${id} is named by two cases ("${decided.get(id)!.rule}" and "${c.rule}")`);
      decided.set(id, { expect: c.expect as Expect, tags: c.tags ?? [], rule: c.rule });
    }
  }
  return product(dimensions.map((d) => d.universe)).map((tuple) => ({
    key: key(tuple),
    ...(decided.get(JSON.stringify(tuple)) ?? { expect: 'DENY' as const, tags: [], rule: 'default deny (no case names it)' }),
  }));
}

/** Every `step`-th item plus every item of a case with few items: a sample small enough to send one item per request. */
function sample<K>(items: Item<K>[], step: number): Item<K>[] {
  const byRule = new Map<string, Item<K>[]>();
  for (const item of items) byRule.set(item.rule, [...(byRule.get(item.rule) ?? []), item]);
  const out = new Set<Item<K>>();
  for (const group of byRule.values()) group.forEach((item, i) => (group.length <= 8 || i % step === 0) && out.add(item));
  return [...out];
}

function mismatches<K>(items: Item<K>[], answers: boolean[]): string[] {
  return items.flatMap((item, i) => ((answers[i] ? 'ALLOW' : 'DENY') === item.expect ? [] : [`${JSON.stringify(item.key)}: expected ${item.expect} (${item.rule}), got ${answers[i] ? 'ALLOW' : 'DENY'}`]));
}

async function inChunks<T, R>(list: T[], size: number, run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < list.length; i += size) out.push(...(await run(list.slice(i, i + size))));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Role API corpus
// ---------------------------------------------------------------------------------------------

type ResourceKey = { userId: string; operationId: string; resource: string; scopeId: string; attributes: string };
type RoleKey = { userId: string; roleId: string; scopeId: string; attributes: string };

const sets = corpus.attributeSets as Record<string, Attr[]>;
const setNames = Object.keys(sets);

const resourceItems: Item<ResourceKey>[] = expand(
  [
    { name: 'users', universe: corpus.universe.users },
    { name: 'operations', universe: corpus.universe.operations },
    { name: 'resources', universe: corpus.universe.resources },
    { name: 'scopes', universe: corpus.universe.scopes },
    { name: 'attributes', universe: corpus.universe.resourceAttributeSets },
  ],
  corpus.resourceCases,
  ([userId, operationId, resource, scopeId, attributes]) => ({ userId: userId!, operationId: operationId!, resource: resource!, scopeId: scopeId!, attributes: attributes! }),
);
const roleItems: Item<RoleKey>[] = expand(
  [
    { name: 'users', universe: corpus.universe.users },
    { name: 'roles', universe: corpus.universe.roles },
    { name: 'scopes', universe: corpus.universe.scopes },
    { name: 'attributes', universe: setNames },
  ],
  corpus.roleCases,
  ([userId, roleId, scopeId, attributes]) => ({ userId: userId!, roleId: roleId!, scopeId: scopeId!, attributes: attributes! }),
);

const resourceWire = (k: ResourceKey) => ({
  operationId: k.operationId,
  ...(k.resource.startsWith('id:') ? { resourceId: k.resource.slice(3) } : { resourcePath: k.resource }),
  scopeId: k.scopeId,
  attributes: sets[k.attributes]!,
});
const roleWire = (k: RoleKey) => ({ roleId: k.roleId, scopeId: k.scopeId, attributes: sets[k.attributes]! });

/** The model of corpus.json, written through the Role API in dependency order. */
async function seedRoleCorpus(api: RoleClient): Promise<void> {
  const m = corpus.model;
  for (const roleId of m.roles) expectCode(await api.post('/roles', { role: { roleId, exposureOrder: 0 } }), 0);
  for (const a of m.attributes) expectCode(await api.post('/attributes', { attributeId: a.attributeId, attributeDataTypeCode: a.dataType }), 0);
  for (const r of m.roleRelations as { from: string; to: string; policy?: string; conditions?: unknown[] }[]) {
    expectCode(await api.post(`/roles/${r.from}/relations`, { roleRelations: [{ relatedRoleId: r.to, roleApplyPolicyCode: r.policy ?? 'ALLOW', conditions: r.conditions ?? [] }] }), 0);
  }
  for (const scopeId of m.scopes) expectCode(await api.post('/scopes', { scopeId }), 0);
  for (const operationId of m.operations) expectCode(await api.post('/operations', { operationId }), 0);
  for (const r of m.resources as { resourceId: string; uiPath: string; path: string; priority?: number }[]) {
    expectCode(await api.post('/resources', { resourceId: r.resourceId, uiPath: r.uiPath, path: r.path, priority: r.priority ?? 0 }), 0);
  }
  for (const g of m.grants) expectCode(await api.post(`/resources/${g.resourceId}/authorizations`, { roleId: g.roleId, operationId: g.operationId }), 0);
  const users = (m.users as { userId: string; relations: { roleId: string; scopeId: string; policy?: string; conditions?: unknown[] }[] }[]).map((u) => ({
    userId: u.userId,
    roleRelations: u.relations.map((r) => ({ roleId: r.roleId, scopeId: r.scopeId, roleApplyPolicyCode: r.policy ?? 'ALLOW', conditions: r.conditions ?? [] })),
  }));
  expectCode(await api.post('/users', { users }), 0);
}

type Runner<K> = (items: Item<K>[]) => Promise<boolean[]>;

/** Items of one user in request order, answered in batches of at most 1000 by `ask`, reassembled in the items' order. */
function perUser<K extends { userId: string }>(batch: number, ask: (userId: string, items: Item<K>[]) => Promise<boolean[]>): Runner<K> {
  return async (items) => {
    const answers = new Array<boolean>(items.length);
    const byUser = new Map<string, number[]>();
    items.forEach((item, i) => byUser.set(item.key.userId, [...(byUser.get(item.key.userId) ?? []), i]));
    for (const [userId, indexes] of byUser) {
      const got = await inChunks(indexes, batch, (chunk) => ask(userId, chunk.map((i) => items[i]!)));
      indexes.forEach((i, j) => (answers[i] = got[j]!));
    }
    return answers;
  };
}

function roleApiResources(api: RoleClient, batch: number): Runner<ResourceKey> {
  return perUser(batch, async (userId, items) => {
    if (batch === 1) {
      // One item per request, 25 at a time (small bodies are what the answer cache keeps).
      return inChunks(items, 25, (chunk) =>
        Promise.all(chunk.map(async (item) => expectCode(await api.post(`/users/${userId}/authorizations/resources`, { resources: [resourceWire(item.key)] }), 0).authorizations[0].permission as boolean)),
      );
    }
    const body = expectCode(await api.post(`/users/${userId}/authorizations/resources`, { resources: items.map((i) => resourceWire(i.key)) }), 0);
    return body.authorizations.map((a: { permission: boolean }) => a.permission);
  });
}

function roleApiRoles(api: RoleClient, batch: number): Runner<RoleKey> {
  return perUser(batch, async (userId, items) => {
    if (batch === 1) {
      return inChunks(items, 25, (chunk) =>
        Promise.all(chunk.map(async (item) => expectCode(await api.post(`/users/${userId}/authorizations/roles`, { roles: [roleWire(item.key)] }), 0).authorizations[0].permission as boolean)),
      );
    }
    const body = expectCode(await api.post(`/users/${userId}/authorizations/roles`, { roles: items.map((i) => roleWire(i.key)) }), 0);
    return body.authorizations.map((a: { permission: boolean }) => a.permission);
  });
}

const rpcResources = (appKey: string): Runner<ResourceKey> =>
  perUser(1000, async (userId, items) => (await rpc().checkResources(appKey, userId, items.map((i) => resourceWire(i.key)))).authorizations.map((a) => a.permission));
const rpcRoles = (appKey: string): Runner<RoleKey> =>
  perUser(1000, async (userId, items) => (await rpc().checkRoles(appKey, userId, items.map((i) => roleWire(i.key)))).authorizations.map((a) => a.permission));

/**
 * Z-7: each face answers `items` right after a cache-evict (cold: a new revision, so no snapshot,
 * user or answer cached for it anywhere) and then again (warm; for one-item requests a third time,
 * from the answer cache). Returns the mismatches, labelled by face and pass.
 */
async function everyFace<K>(api: RoleClient, faces: [string, Runner<K>, number][], items: Item<K>[]): Promise<string[]> {
  const out: string[] = [];
  for (const [face, run, passes] of faces) {
    expectCode(await api.put('/config/cache-evict'), 0);
    for (let pass = 0; pass < passes; pass++) {
      const label = pass === 0 ? 'cold' : `warm ${pass}`;
      out.push(...mismatches(items, await run(items)).map((m) => `${face} (${label}) ${m}`));
    }
  }
  return out;
}

describe('decision corpus: Role API checks through every face, cold and warm', () => {
  let api: RoleClient;
  const resourceFaces = (): [string, Runner<ResourceKey>, number][] => [
    ['Role API /authorizations/resources', roleApiResources(api, 1000), 2],
    ['RPC checkResources', rpcResources(api.appKey), 2],
  ];
  const roleFaces = (): [string, Runner<RoleKey>, number][] => [
    ['Role API /authorizations/roles', roleApiRoles(api, 1000), 2],
    ['RPC checkRoles', rpcRoles(api.appKey), 2],
  ];
  // One item per request: only a sample (the answer cache keeps small requests only).
  const single = <K,>(run: Runner<K>): [string, Runner<K>, number] => ['Role API, one item per request', run, 3];

  beforeAll(async () => {
    api = await RoleClient.forNewTenant();
    await seedRoleCorpus(api);
  });

  it('the corpus is well-formed: universes cover every case, defaults deny, and both outcomes occur', () => {
    expect(resourceItems.length).toBe(corpus.universe.users.length * 3 * corpus.universe.resources.length * 4 * corpus.universe.resourceAttributeSets.length);
    for (const items of [resourceItems, roleItems] as Item<unknown>[][]) {
      expect(items.filter((i) => i.expect === 'ALLOW').length).toBeGreaterThan(100);
      expect(items.filter((i) => i.rule.startsWith('default deny')).length).toBeGreaterThan(1000);
    }
  });

  it('Z-2 / Z-7: every resource check of the universe gives the corpus answer through every face, cold and warm (default deny)', async () => {
    const failures = await everyFace(api, resourceFaces(), resourceItems);
    failures.push(...(await everyFace(api, [single(roleApiResources(api, 1))], sample(resourceItems, 97))));
    expect(failures.slice(0, 30), `${failures.length} mismatches`).toEqual([]);
  });

  it('Z-2 / Z-7: every role check of the universe gives the corpus answer through every face, cold and warm (default deny)', async () => {
    const failures = await everyFace(api, roleFaces(), roleItems);
    failures.push(...(await everyFace(api, [single(roleApiRoles(api, 1))], sample(roleItems, 97))));
    expect(failures.slice(0, 30), `${failures.length} mismatches`).toEqual([]);
  });

  const tagged = <K,>(items: Item<K>[], id: string) => items.filter((i) => i.tags.includes(id));

  it('Z-3: DENY beats ALLOW at any depth of the role hierarchy; role cycles are harmless with a defined result (R3, R4, §7)', async () => {
    const resources = tagged(resourceItems, 'Z-3');
    const roles = tagged(roleItems, 'Z-3');
    expect(resources.length).toBeGreaterThan(0);
    expect(roles.length).toBeGreaterThan(0);
    const failures = [
      ...(await everyFace(api, [...resourceFaces(), single(roleApiResources(api, 1))], sample(resources, 7))),
      ...(await everyFace(api, [...roleFaces(), single(roleApiRoles(api, 1))], sample(roles, 7))),
    ];
    expect(failures, `${failures.length} mismatches`).toEqual([]);
  });

  it('Z-4 (per semantics M5): a grant on /board/v1.0 does not cover /board/v1.0/42, /board/v1.0/** does, /board/v1.00 is never covered', async () => {
    const items = tagged(resourceItems, 'Z-4');
    expect(items.some((i) => i.key.resource === '/board/v1.00' && i.key.userId === 'alice')).toBe(true);
    const failures = await everyFace(api, [...resourceFaces(), single(roleApiResources(api, 1))], sample(items, 11));
    expect(failures, `${failures.length} mismatches`).toEqual([]);
  });

  it('Z-5: time and IP conditions with pinned values: the boundary minute, DAY_OF_WEEK and midnight rollover, offsets, an IP at the CIDR edge', async () => {
    const resources = tagged(resourceItems, 'Z-5');
    const roles = tagged(roleItems, 'Z-5');
    const failures = [
      ...(await everyFace(api, [...resourceFaces(), single(roleApiResources(api, 1))], resources)),
      ...(await everyFace(api, [...roleFaces(), single(roleApiRoles(api, 1))], roles)),
    ];
    expect(failures, `${failures.length} mismatches`).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Endpoint-rule corpus (Check HTTP Authorization)
// ---------------------------------------------------------------------------------------------

type HttpKey = { subject: string; scopeSet: string; method: string; path: string };

const scopeSets = httpCorpus.scopeSets as Record<string, string[]>;
const httpItems: Item<HttpKey>[] = expand(
  [
    { name: 'subjects', universe: httpCorpus.universe.subjects },
    { name: 'scopeSets', universe: Object.keys(scopeSets) },
    { name: 'methods', universe: httpCorpus.universe.methods },
    { name: 'paths', universe: httpCorpus.universe.paths },
  ],
  httpCorpus.cases,
  ([subject, scopeSet, method, path]) => ({ subject: subject!, scopeSet: scopeSet!, method: method!, path: path! }),
);

describe('decision corpus: endpoint rules through every face, cold and warm', () => {
  let t: Tenant;
  let api: RoleClient;
  const ids = new Map<string, string>();

  /** The check request of an item, with the tenant's uuids in place of the corpus' names. */
  const request = (k: HttpKey) => ({
    method: k.method,
    path: k.path.replace(/\{(group|user):([^}]+)\}/g, (_, kind: string, name: string) => {
      const id = ids.get(`${kind}:${name}`);
      if (!id) throw new Error(`corpus-http: unknown ${kind} ${name}`);
      return id;
    }),
    scopes: scopeSets[k.scopeSet]!,
    ...(k.subject === '-' ? {} : { subject: ids.get(`user:${k.subject}`) ?? k.subject }),
  });

  const identityFace: Runner<HttpKey> = (items) =>
    inChunks(items, 25, (chunk) => Promise.all(chunk.map(async (i) => (await expectStatus<{ result: boolean }>(identity(t, 'POST', '/authorization/http', request(i.key)), 200)).result)));
  const rpcFace: Runner<HttpKey> = (items) => inChunks(items, 25, (chunk) => Promise.all(chunk.map(async (i) => (await rpc().checkHttp(t.appKey, request(i.key))).result)));

  beforeAll(async () => {
    t = await createTenant('http-corpus');
    api = new RoleClient(t.appKey, t.secretKey);
    const m = httpCorpus.model;
    const permissions = new Map<string, string>();
    for (const p of m.permissions) {
      permissions.set(p.name, (await expectStatus(identity(t, 'POST', '/scopes', { name: p.name, allowed_endpoints: p.allowed, denied_endpoints: p.denied }), 201)).uuid);
    }
    const roles = new Map<string, string>();
    for (const r of m.roles) roles.set(r.name, (await expectStatus(identity(t, 'POST', '/roles', { name: r.name, scope_uuids: r.permissions.map((p) => permissions.get(p)!) }), 201)).uuid);
    for (const g of m.groups as { name: string; parent?: string }[]) {
      const path = g.parent ? `/groups/${ids.get(`group:${g.parent}`)}/sub-groups` : '/groups';
      ids.set(`group:${g.name}`, (await expectStatus(identity(t, 'POST', path, { name: g.name }), 201)).uuid);
    }
    for (const u of m.users) {
      const user = await expectStatus(identity(t, 'POST', '/users', { name: u.name, role_uuids: u.roles.map((r) => roles.get(r)!) }), 201);
      ids.set(`user:${u.name}`, user.uuid);
      for (const g of u.memberOf) {
        await expectStatus(identity(t, 'POST', `/groups/${ids.get(`group:${g.group}`)}/members`, { user_uuid: user.uuid, role_uuids: g.roles.map((r) => roles.get(r)!) }), 201);
      }
    }
  });

  it('Z-2 / Z-7: every endpoint check of the universe gives the corpus answer through the Identity API and RPC checkHttp, cold and warm (default deny)', async () => {
    expect(httpItems.filter((i) => i.expect === 'ALLOW').length).toBeGreaterThan(100);
    expect(httpItems.filter((i) => i.rule.startsWith('default deny')).length).toBeGreaterThan(100);
    const failures = await everyFace(
      api,
      [
        ['Identity API POST /authorization/http', identityFace, 2],
        ['RPC checkHttp', rpcFace, 2],
      ],
      httpItems,
    );
    expect(failures.slice(0, 30), `${failures.length} mismatches`).toEqual([]);
  });
});
