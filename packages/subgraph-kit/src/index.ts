export * from './authorization';
export * from './context';
export * from './error-formatting';
export * from './federated-schema';
export * from './logger';
export * from './runtime';
export * from './server';
export * from './validation';
