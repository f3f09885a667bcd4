export * from './chain';
export * from './checkpoint';
export * from './export-format';
