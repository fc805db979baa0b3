import type { AttributeDefinition } from '../conditions/validate';

/** Queries and prepared writes of condition attributes; implemented in storage/repositories/attributes.ts. */
export interface AttributeRepository {
  /** Data type and related roles of each existing attribute among `attributeIds`. */
  definitions(tenantId: string, attributeIds: string[]): Promise<Map<string, AttributeDefinition>>;
}
