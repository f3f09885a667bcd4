export * from './evidence';
export * from './guardrails';
export * from './policy-sources';
