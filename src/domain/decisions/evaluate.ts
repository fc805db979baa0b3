import type { Condition, Policy } from '../conditions/condition';
import { evaluateCondition } from '../conditions/evaluate';
import { ALL_SCOPE } from '../tenants/tenant';
import type { CompiledSnapshot } from './compiled';
import { effectiveRoles, type RoleEdge } from './effective-roles';

export interface CheckAttribute {
  attributeId: string;
  attributeValue: string;
}

/** One user's view of a snapshot: effective roles are memoized per scope and attribute set. */
export class UserDecisions {
  private readonly memo = new Map<string, Set<string>>();

  constructor(
    private readonly snapshot: CompiledSnapshot,
    private readonly relations: readonly [string, string, Policy, Condition[]][] | null,
  ) {}

  /** §7 for scope `scopeId` (S3) with the item's attributes (C1–C3); unknown user or scope: nothing. */
  effective(scopeId: string, attributes: readonly CheckAttribute[]): Set<string> {
    if (!this.relations || !this.snapshot.scopes.has(scopeId)) return new Set();
    const key = `${scopeId}\u0000${attributes.map((a) => `${a.attributeId}\u0001${a.attributeValue}`).join('\u0000')}`;
    let roles = this.memo.get(key);
    if (!roles) {
      const values = new Map(attributes.map((a) => [a.attributeId, a.attributeValue]));
      const truths = (conditions: Condition[]) =>
        conditions.map((c) => {
          const type = this.snapshot.dataTypes.get(c.attributeId);
          return type ? evaluateCondition(type, c, values.get(c.attributeId)) : 'UNKNOWN';
        });
      const allow = (e: RoleEdge<Condition[]>) => e.conditions.length === 0 || truths(e.conditions).every((t) => t === 'TRUE');
      const deny = (e: RoleEdge<Condition[]>) => e.conditions.length === 0 || !truths(e.conditions).includes('FALSE');
      const edges = this.relations
        .filter(([, s]) => s === scopeId || (scopeId !== ALL_SCOPE && s === ALL_SCOPE))
        .map(([roleId, , policy, conditions]) => ({ roleId, policy, conditions }));
      roles = effectiveRoles(this.snapshot.graph, edges, allow, deny);
      this.memo.set(key, roles);
    }
    return roles;
  }

  /** K1–K3: resolves the resource (id wins, "" is absent) and checks its grants for the operation. */
  checkResource(item: { operationId: string; resourceId?: string | null; resourcePath?: string | null; scopeId: string; attributes: CheckAttribute[] }) {
    const resource = item.resourceId
      ? this.snapshot.resources.get(item.resourceId)
      : item.resourcePath
        ? this.snapshot.paths.match(item.resourcePath)
        : undefined;
    const granted = resource?.grants.get(item.operationId);
    let permission = false;
    if (granted && granted.size > 0) {
      const held = this.effective(item.scopeId, item.attributes);
      for (const role of granted) {
        if (held.has(role)) {
          permission = true;
          break;
        }
      }
    }
    return { resourceId: resource?.resourceId ?? (item.resourceId || null), permission };
  }

  /** K5. */
  checkRole(item: { roleId: string; scopeId: string; attributes: CheckAttribute[] }): boolean {
    return this.effective(item.scopeId, item.attributes).has(item.roleId);
  }
}
