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
