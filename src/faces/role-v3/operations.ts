import { roleApp } from './app';

/** Routes of this section of the reference; see scopes.ts for the pattern. */
export function operationRoutes() {
  return roleApp();
}
