export * from './databases';
export * from './elasticsearch-process';
export * from './elasticsearch-provision';
export * from './embedded-postgres';
export * from './free-port';
export * from './service-login';
