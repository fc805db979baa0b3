export * from './tenants';
export * from './role-model';
