export * from './contract';
export * from './governance';
export * from './lineage';
export * from './metrics';
export * from './registry';
