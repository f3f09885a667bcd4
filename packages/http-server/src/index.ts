/// <reference types="pino-http" preserve="true" />
// Consumers see `req.id` and `req.log`, which the shell's request logger adds.

export * from './graphql-endpoint';
export * from './http-shell';
export * from './logger';
