import { plainText, prose } from '@cairn/input-rules';
import { z } from 'zod';
import { TEAM_ROLE_VALUES, teamSlug } from '../access/access-input-rules';

export const requestAccessRules = z.object({
  team: teamSlug,
  role: z.enum(TEAM_ROLE_VALUES),
  // Any string: one that names no model the caller can see is answered NOT_FOUND.
  modelId: z.string().max(100).nullish(),
  justification: plainText(1, 1000),
});

export const decideAccessRequestRules = z.object({
  id: z.string().max(100),
  decision: z.enum(['grant', 'deny']),
  comment: prose(1000).refine((v) => v.length > 0, 'must not be empty'),
});

export const accessRequestListRules = z.object({
  team: teamSlug.nullish(),
  status: z.enum(['open', 'granted', 'denied', 'withdrawn']).nullish(),
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .nullish()
    .transform((v) => v ?? 50),
});
