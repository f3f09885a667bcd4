export * from './data-source';
export * from './ids';
export * from './postgres-errors';
export * from './service-role';
