export * from './elasticsearch-engine';
export * from './postgres-engine';
export * from './search-engine';
