import 'reflect-metadata';

export * from './context';
export * from './data-source';
export { Stage } from './entities/stage';
export * from './events';
export { governanceSubgraph } from './module';
