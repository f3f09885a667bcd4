export * from './compare-versions';
export type { Change, ValueRow } from './rows';
