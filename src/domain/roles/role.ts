import type { Condition, Policy } from '../conditions/condition';

export interface Role {
  roleId: string;
  roleName: string | null;
  roleGroup: string | null;
  description: string | null;
  exposureOrder: number;
  createdAt: string;
}

/** `relatedRoleId` is a sub-role of `roleId` (R1). */
export interface RoleRelation {
  roleId: string;
  relatedRoleId: string;
  policy: Policy;
  conditions: Condition[];
  createdAt: string;
}

export interface RoleTag {
  roleId: string;
  roleTagId: string;
  createdAt: string;
}

export type RoleSortField = 'roleId' | 'roleName' | 'roleGroup' | 'description' | 'exposureOrder' | 'createdAt';

/** A parsed `roleTagIdExpr` (R7). */
export type TagExpr = { tag: string } | { and: TagExpr[] } | { or: TagExpr[] };

export interface RoleFilter {
  roleIds?: string[];
  roleIdPreLike?: string;
  roleNameLike?: string;
  roleGroup?: string;
  roleGroupLike?: string;
  descriptionLike?: string;
  roleTagIds?: string[];
  roleTagExpr?: TagExpr;
  relatedRoleIds?: string[];
  attributeIds?: string[];
  attributeTagIds?: string[];
}

export type SearchRoleOption = 'DIRECT_ROLE' | 'INDIRECT_ROLE';
