/** Queries and prepared writes of this aggregate; implemented in storage/repositories/attributes.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AttributeRepository {}
