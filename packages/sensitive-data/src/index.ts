export * from './config';
export { matchesPattern, parsePathPattern, renderPath } from './paths';
export * from './personal-data';
export * from './scanner';
export { SECRET_RULE_IDS } from './secrets';
