import type { AttributeDefinition } from '../conditions/validate';
import type { AttributeSummary } from './attribute';

/** Queries and prepared writes of condition attributes; implemented in storage/repositories/attributes.ts. */
export interface AttributeRepository {
  /** Data type and related roles of each existing attribute among `attributeIds`. */
  definitions(tenantId: string, attributeIds: string[]): Promise<Map<string, AttributeDefinition>>;
  /** The AttributeProtocol view of each existing attribute among `attributeIds`. */
  summaries(tenantId: string, attributeIds: string[]): Promise<Map<string, AttributeSummary>>;
  /** Attributes related to each role (its ROLE_ATTRIBUTEs). */
  relatedToRoles(tenantId: string, roleIds: string[]): Promise<Map<string, AttributeSummary[]>>;
}
