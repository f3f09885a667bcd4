import { z } from 'zod';
import { EventContract } from './contract';
import { uuid } from './fields';

/** Governance's stages as they appear in events; its `Stage` enum must keep these values. */
export const STAGE_NAMES = ['DEVELOPMENT', 'STAGING', 'PRODUCTION', 'DEPRECATED', 'ARCHIVED'] as const;
const stage = z.enum(STAGE_NAMES);

export const governanceEvents = new EventContract('governance', {
  StageTransitioned: {
    subjectType: 'ModelVersion',
    payload: z.object({
      modelVersionId: uuid,
      modelId: uuid,
      teamSlug: z.string(),
      from: stage,
      to: stage,
      reason: z.string().nullable(),
    }),
  },
});

export const GovernanceEvents = governanceEvents.types;
export type StageTransitionedPayload = z.output<typeof governanceEvents.kinds.StageTransitioned.payload>;
