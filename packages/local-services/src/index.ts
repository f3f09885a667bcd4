export * from './databases';
export * from './elasticsearch';
export * from './embedded-postgres';
export * from './free-port';
