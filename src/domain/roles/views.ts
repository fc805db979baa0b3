import type { AttributeSummary } from '../attributes/attribute';
import type { Condition } from '../conditions/condition';
import type { Deps } from '../ports';

/** A condition as shown to readers: with its attribute (null only if the attribute vanished). */
export interface ConditionView extends Condition {
  attribute: AttributeSummary | null;
}

/** Loads the attributes named by all `conditionLists` once and attaches them. */
export async function conditionViews(deps: Deps, tenantId: string, conditionLists: Condition[][]): Promise<ConditionView[][]> {
  const ids = [...new Set(conditionLists.flat().map((c) => c.attributeId))];
  const byId = ids.length ? await deps.repos.attributes.summaries(tenantId, ids) : new Map<string, AttributeSummary>();
  return conditionLists.map((list) => list.map((c) => ({ ...c, attribute: byId.get(c.attributeId) ?? null })));
}
