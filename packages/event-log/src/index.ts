export * from './consumer';
export * from './event-log';
