export * from './model-directory';
