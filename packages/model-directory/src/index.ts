export * from './migration';
export * from './model-directory';
