export * from './model-directory';
export * from './visibility';
export * from './visible-versions';
