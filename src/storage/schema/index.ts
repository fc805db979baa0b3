export * from './tenants';
export * from './role-model';
export * from './tokens';
export * from './identity';
