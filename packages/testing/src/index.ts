export * from './principals';
export * from './query-counter';
export * from './registry-fixture';
export * from './subgraph-harness';
export * from './test-database';
