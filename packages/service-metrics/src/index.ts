export * from './endpoint';
export * from './graphql-metrics';
export * from './registry';
