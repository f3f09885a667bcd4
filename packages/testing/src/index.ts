export * from './principals';
export * from './subgraph-harness';
export * from './test-database';
