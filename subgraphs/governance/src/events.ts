import type { Stage } from './entities/stage';

/** Events governance appends to its log. Payloads are part of the contract with consumers. */
export const GovernanceEvents = {
  StageTransitioned: 'governance.StageTransitioned',
} as const;

export interface StageTransitionedPayload {
  modelVersionId: string;
  modelId: string;
  teamSlug: string;
  from: Stage;
  to: Stage;
  reason: string | null;
}
