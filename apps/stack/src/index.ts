export * from './demo-catalog';
export * from './seed';
export * from './stack';
