import type { Condition, Policy } from '../conditions/condition';

export interface User {
  userId: string;
  description: string | null;
  createdAt: string;
}

/** A user holds `roleId` in `scopeId` (U1). */
export interface UserRoleRelation {
  userId: string;
  roleId: string;
  scopeId: string;
  policy: Policy;
  conditions: Condition[];
  createdAt: string;
}

export type HistoryCommand = 'USER_ADD' | 'ADD' | 'REMOVE' | 'USER_REMOVE';

export interface HistoryEntry {
  command: HistoryCommand;
  userId: string;
  roleId: string | null;
  scopeId: string | null;
  policy: Policy | null;
  conditions: Condition[];
  executionTime: string;
  operatorUuid: string | null;
}

export interface StoredHistoryEntry extends HistoryEntry {
  seq: number;
}

export type UserSortField = 'userId' | 'description' | 'createdAt';
export type HistorySortField = 'seq' | 'executionTime';

export interface UserFilter {
  userIds?: string[];
  userIdPreLike?: string;
  descriptionLike?: string;
  /** Users with one relation matching every relation filter below. */
  relation?: {
    roleIds?: string[];
    roleIdPreLike?: string;
    /** INDIRECT_ROLE: roles whose ALLOW relations also match (they reach a wanted role). */
    allowRoleIds?: string[];
    scopeIds?: string[];
    scopeIdPreLike?: string;
  };
}

export interface HistoryFilter {
  roleId?: string;
  scopeId?: string;
  from?: string;
  to?: string;
  commands?: HistoryCommand[];
}
