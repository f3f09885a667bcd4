export * from './identity-keys';
export * from './load';
export * from './schemas';
export * from './signing';
export * from './telemetry';
export * from './webhooks';
