import type { Deps } from '../ports';
import type { HistoryCommand, HistoryEntry, UserRoleRelation } from './user';

function entry(deps: Deps, command: HistoryCommand, userId: string, r?: UserRoleRelation): HistoryEntry {
  return {
    command,
    userId,
    roleId: r?.roleId ?? null,
    scopeId: r?.scopeId ?? null,
    policy: r?.policy ?? null,
    conditions: r?.conditions ?? [],
    executionTime: deps.clock.now().toISOString(),
    operatorUuid: deps.actor,
  };
}

export const userAddedHistory = (deps: Deps, userId: string) => entry(deps, 'USER_ADD', userId);
export const userRemovedHistory = (deps: Deps, userId: string) => entry(deps, 'USER_REMOVE', userId);
export const additionHistory = (deps: Deps, r: UserRoleRelation) => entry(deps, 'ADD', r.userId, r);
export const removalHistory = (deps: Deps, r: UserRoleRelation) => entry(deps, 'REMOVE', r.userId, r);
