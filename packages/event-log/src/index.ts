export * from './backoff';
export * from './consumer';
export * from './event-log';
export * from './failures';
export * from './poller';
export * from './quarantine';
