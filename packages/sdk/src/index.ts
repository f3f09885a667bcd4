export * from './auth';
export * from './bundle';
export * from './client';
export * from './download';
export * from './errors';
export * as operations from './generated/graphql';
export * from './hash';
export * from './retry';
export * from './upload';
