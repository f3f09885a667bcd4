export * from './internal-token';
export * from './principal';
