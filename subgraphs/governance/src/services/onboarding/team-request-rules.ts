import { plainText, prose } from '@cairn/input-rules';
import { z } from 'zod';

/**
 * The registry's team slug rule (`subgraphs/registry/src/services/catalog-rules.ts`), copied:
 * a slug governance accepts must be one the registry creates. Change both together.
 */
export const requestedTeamSlug = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(50, 'must be at most 50 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens');

export const requestTeamRules = z.object({
  slug: requestedTeamSlug,
  name: plainText(1, 100),
  justification: plainText(1, 1000),
});

export const TEAM_REQUEST_STATUSES = ['open', 'approved', 'rejected'] as const;

export const rejectTeamRequestRules = z.object({
  id: z.string().max(100),
  reason: prose(1000).refine((v) => v.length > 0, 'must not be empty'),
});

export const teamRequestListRules = z.object({
  status: z.enum(TEAM_REQUEST_STATUSES).nullish(),
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .nullish()
    .transform((v) => v ?? 50),
});
