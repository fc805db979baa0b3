/** Queries and prepared writes of this aggregate; implemented in storage/repositories/roles.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RoleRepository {}
