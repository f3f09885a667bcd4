export * from './demo-catalog';
export * from './portal-process';
export * from './seed';
export * from './stack';
