import { z } from 'zod';

const DAY_MS = 86_400_000;
/** The longest range one request may ask for: two years of weeks is what the charts can show. */
export const MAX_RANGE_DAYS = 731;
/** Without `from`, the range is the last quarter. */
export const DEFAULT_RANGE_DAYS = 90;

/** The registry's slug rule: anything else names no team. */
export const teamSlug = z
  .string()
  .max(100, 'must be at most 100 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a team slug: lowercase letters, digits and single hyphens');

const instant = z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date-time');

/** `insights(from, to, team)`: a half-open range [from, to) of at most MAX_RANGE_DAYS. */
export const insightsRules = z
  .object({
    from: instant.nullish(),
    to: instant.nullish(),
    team: teamSlug.nullish(),
  })
  .transform((input, ctx) => {
    const to = input.to ?? new Date();
    const from = input.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
    if (from.getTime() >= to.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before `to`' });
      return z.NEVER;
    }
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${MAX_RANGE_DAYS} days after \`from\``,
      });
      return z.NEVER;
    }
    return { from, to, team: input.team ?? null };
  });
export type InsightsQuery = z.output<typeof insightsRules>;
