export * from './databases';
export * from './embedded-postgres';
export * from './free-port';
