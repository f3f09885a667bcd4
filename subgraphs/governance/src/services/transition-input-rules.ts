import { prose } from '@cairn/input-rules';
import { z } from 'zod';
import { Stage } from '../entities/stage';

export const MAX_REASON_LENGTH = 1000;

/** Shape of a transition request. GraphQL inputs validate against it at the edge. */
export const transitionStageRules = z.object({
  // Any string: one that is not a known version id is answered NOT_FOUND, not BAD_USER_INPUT.
  modelVersionId: z.string(),
  to: z.enum(Stage),
  reason: prose(MAX_REASON_LENGTH)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export type TransitionStageCommand = z.infer<typeof transitionStageRules>;
