export * from './principals';
export * from './query-counter';
export * from './subgraph-harness';
export * from './test-database';
