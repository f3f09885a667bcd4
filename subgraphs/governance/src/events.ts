/** Governance's events are published in `@cairn/events`, the contract its consumers share. */
export { GovernanceEvents, governanceEvents, type StageTransitionedPayload } from '@cairn/events';
