export * from './tenants';
export * from './role-model';
export * from './tokens';
export * from './identity';
export * from './permissions';
export * from './groups';
export * from './edges';
export * from './mail';
