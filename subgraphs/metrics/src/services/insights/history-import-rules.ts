import { plainText } from '@cairn/input-rules';
import { z } from 'zod';
import { teamSlug } from './insights-rules';

/** One call stays a transaction of reasonable size; a migration sends its history in batches. */
export const MAX_HISTORY_MODELS = 200;
export const MAX_HISTORY_VERSIONS = 2_000;
export const MAX_PROMOTIONS_PER_VERSION = 20;
/** Nothing a registry kept happened before this; an earlier time is a unit or parsing mistake. */
export const EARLIEST_HISTORY = new Date('2000-01-01T00:00:00Z');

/** A past instant: history cannot happen later than the moment it is imported. */
const past = (now: Date) =>
  z.coerce
    .date({ message: 'must be a date and time' })
    .refine((d) => d.getTime() >= EARLIEST_HISTORY.getTime(), 'must not be before 2000-01-01')
    .refine((d) => d.getTime() <= now.getTime(), 'must not be in the future');

const before = (ctx: z.RefinementCtx, earlier: Date, later: Date, path: string[], what: string) => {
  if (later.getTime() < earlier.getTime())
    ctx.addIssue({ code: 'custom', path, message: `must not be before ${what}` });
};

function promotionRules(now: Date) {
  return z
    .object({
      targetStage: z.enum(['STAGING', 'PRODUCTION']),
      requestedAt: past(now),
      firstApprovedAt: past(now).nullish(),
      decidedAt: past(now),
      outcome: z.enum(['COMPLETED', 'REJECTED', 'WITHDRAWN']),
      liveAt: past(now).nullish(),
      rejectionReason: plainText(1, 500).nullish(),
    })
    .superRefine((p, ctx) => {
      before(ctx, p.requestedAt, p.decidedAt, ['decidedAt'], '`requestedAt`');
      if (p.firstApprovedAt) {
        before(ctx, p.requestedAt, p.firstApprovedAt, ['firstApprovedAt'], '`requestedAt`');
        before(ctx, p.firstApprovedAt, p.decidedAt, ['decidedAt'], '`firstApprovedAt`');
      }
      if (p.outcome === 'COMPLETED') {
        if (!p.liveAt)
          ctx.addIssue({ code: 'custom', path: ['liveAt'], message: 'is required when COMPLETED' });
        else before(ctx, p.decidedAt, p.liveAt, ['liveAt'], '`decidedAt`');
      } else if (p.liveAt) {
        ctx.addIssue({ code: 'custom', path: ['liveAt'], message: 'is only for COMPLETED promotions' });
      }
      if (p.outcome === 'REJECTED' && !p.rejectionReason) {
        ctx.addIssue({ code: 'custom', path: ['rejectionReason'], message: 'is required when REJECTED' });
      } else if (p.outcome !== 'REJECTED' && p.rejectionReason) {
        ctx.addIssue({
          code: 'custom',
          path: ['rejectionReason'],
          message: 'is only for REJECTED promotions',
        });
      }
    });
}

function versionRules(now: Date) {
  return z
    .object({
      version: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000),
      registeredAt: past(now),
      promotions: z
        .array(promotionRules(now))
        .max(MAX_PROMOTIONS_PER_VERSION, `must have at most ${MAX_PROMOTIONS_PER_VERSION} entries`)
        .nullish()
        .transform((v) => v ?? []),
    })
    .superRefine((v, ctx) => {
      for (const [i, p] of v.promotions.entries()) {
        const path = ['promotions', String(i), 'requestedAt'];
        before(ctx, v.registeredAt, p.requestedAt, path, 'the version’s `registeredAt`');
      }
    });
}

function modelRules(now: Date) {
  return z
    .object({
      team: teamSlug,
      name: plainText(1, 200),
      /** As in the registry, INTERNAL unless said: it decides who reads its rejection reasons. */
      visibility: z
        .enum(['PRIVATE', 'INTERNAL'])
        .nullish()
        .transform((v) => v ?? 'INTERNAL'),
      registeredAt: past(now),
      versions: z.array(versionRules(now)).min(1, 'must not be empty'),
    })
    .superRefine((m, ctx) => {
      const seen = new Set<number>();
      m.versions.forEach((v, i) => {
        if (seen.has(v.version)) {
          ctx.addIssue({
            code: 'custom',
            path: ['versions', String(i), 'version'],
            message: 'is listed twice',
          });
        }
        seen.add(v.version);
        before(
          ctx,
          m.registeredAt,
          v.registeredAt,
          ['versions', String(i), 'registeredAt'],
          'the model’s `registeredAt`',
        );
      });
    });
}

/**
 * `importInsightsHistory(source, models)`: registrations and promotions from before Cairn. Every
 * time is checked against the others (a promotion is requested after its version was registered,
 * decided after it was requested, live after it was approved), so the lead times it adds are real
 * durations. `now` is a parameter so the rules stay pure.
 */
export function historyImportRules(now: Date) {
  return z
    .object({
      source: plainText(1, 100),
      models: z
        .array(modelRules(now))
        .min(1, 'must not be empty')
        .max(MAX_HISTORY_MODELS, `must have at most ${MAX_HISTORY_MODELS} entries`),
    })
    .superRefine((input, ctx) => {
      const versions = input.models.reduce((sum, m) => sum + m.versions.length, 0);
      if (versions > MAX_HISTORY_VERSIONS) {
        ctx.addIssue({
          code: 'custom',
          path: ['models'],
          message: `must hold at most ${MAX_HISTORY_VERSIONS} versions in one call (it holds ${versions}): send the history in batches`,
        });
      }
      const seen = new Set<string>();
      input.models.forEach((m, i) => {
        const key = `${m.team}\u0000${m.name}`;
        if (seen.has(key))
          ctx.addIssue({
            code: 'custom',
            path: ['models', String(i), 'name'],
            message: 'is listed twice for this team',
          });
        seen.add(key);
      });
    });
}
export type HistoryImportCommand = z.output<ReturnType<typeof historyImportRules>>;
