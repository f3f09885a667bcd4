export * from './demo-catalog';
export { DEMO_HISTORY_SOURCE, demoHistoryModelNames } from './demo-history';
export * from './portal-process';
export * from './seed';
export * from './stack';
