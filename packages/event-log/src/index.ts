export * from './consumer';
export * from './event-log';
export * from './migration';
