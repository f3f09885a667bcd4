export * from './expiring-cache';
export * from './group-mapping';
export * from './internal-token';
export * from './principal';
