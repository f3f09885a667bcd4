import 'reflect-metadata';

export * from './context';
export * from './data-source';
export * from './events';
export { lineageSubgraph } from './module';
