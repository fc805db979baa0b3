import type { DataType } from '../conditions/condition';

export type AttributeCreationType = 'COMMON_ATTRIBUTE' | 'ROLE_ATTRIBUTE';

/** What other aggregates show of an attribute (the reference's AttributeProtocol). */
export interface AttributeSummary {
  attributeId: string;
  attributeName: string | null;
  description: string | null;
  dataType: DataType;
  /** Derived (A3): COMMON when the attribute has no role relations. */
  creationType: AttributeCreationType;
}

export interface AttributeRecord extends AttributeSummary {
  createdAt: string;
}

export interface AttributeRoleLink {
  attributeId: string;
  roleId: string;
  createdAt: string;
}

export interface AttributeTag {
  attributeId: string;
  attributeTagId: string;
  createdAt: string;
}

export type AttributeSortField = 'attributeId' | 'attributeName' | 'description' | 'creationType' | 'dataType' | 'createdAt';

export interface AttributeFilter {
  attributeIds?: string[];
  attributeIdPreLike?: string;
  attributeNameLike?: string;
  descriptionLike?: string;
  creationTypes?: AttributeCreationType[];
  dataTypes?: DataType[];
  attributeTagIds?: string[];
  roleIds?: string[];
  roleIdPreLike?: string;
  /** Only attributes this role may use: COMMON ones and those related to it (A4). */
  usableByRoleIds?: string[];
}

export interface AttributeTagFilter {
  attributeIds?: string[];
  attributeIdPreLike?: string;
  attributeTagIds?: string[];
  attributeTagIdPreLike?: string;
}
