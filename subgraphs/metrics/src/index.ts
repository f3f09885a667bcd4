import 'reflect-metadata';

export * from './context';
export * from './data-source';
export * from './events';
export { metricsSubgraph } from './module';
export { historyImportRules } from './services/insights/history-import-rules';
