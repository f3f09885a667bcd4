export * from './client-credentials';
export * from './principals';
export * from './query-counter';
export * from './registry-fixture';
export * from './require-elasticsearch';
export * from './subgraph-harness';
export * from './test-database';
export * from './visibility-fixture';
