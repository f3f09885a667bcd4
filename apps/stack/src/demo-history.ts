import type { Principal } from '@cairn/identity';
import { seededRandom } from './demo-catalog';
import { DEMO_REJECTION_REASONS, demoPerson } from './demo-governance-story';

/**
 * The demo organisation's months before Cairn: its teams ran a registry of their own (an MLflow
 * server, say) and a platform admin imported that history when they moved, so the dashboards'
 * trends, lead times and rejection reasons go back half a year instead of starting at the
 * seed's few minutes. It goes through `importInsightsHistory` like a real migration: recorded,
 * audited, and never counted as a production model now. The story: teams join one after another,
 * registrations pick up, and the time from registration to production shrinks as they settle in.
 */
export const DEMO_HISTORY_SOURCE = 'legacy-mlflow';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The history ends a week before the seed: the move to Cairn. */
const CUTOVER_DAYS_AGO = 7;

interface LegacyTeam {
  team: string;
  /** Weeks before the cut-over that the team started registering models. */
  weeksBefore: number;
  models: { name: string; visibility?: 'PRIVATE' }[];
}

const LEGACY: LegacyTeam[] = [
  {
    team: 'fraud-detection',
    weeksBefore: 26,
    models: [
      { name: 'fraud-rules-gbm' },
      { name: 'chargeback-scorer-v1' },
      { name: 'velocity-anomaly', visibility: 'PRIVATE' },
      { name: 'card-testing-detector' },
      { name: 'mule-account-flagger', visibility: 'PRIVATE' },
    ],
  },
  {
    team: 'recommendations',
    weeksBefore: 22,
    models: [
      { name: 'item-cf-baseline' },
      { name: 'homepage-ranker-v1' },
      { name: 'email-next-best-offer' },
      { name: 'basket-completion-v1' },
    ],
  },
  {
    team: 'search-ranking',
    weeksBefore: 14,
    models: [{ name: 'query-intent-v1' }, { name: 'bm25-reranker' }, { name: 'spell-correction-v1' }],
  },
  {
    team: 'platform',
    weeksBefore: 10,
    models: [{ name: 'demand-forecast-arima' }, { name: 'ticket-router-v1' }, { name: 'capacity-planner' }],
  },
];

/** Every model name of the imported history: counted on the dashboards, never shown there. */
export const demoHistoryModelNames = (): string[] => LEGACY.flatMap((t) => t.models.map((m) => m.name));

const LEGACY_REASONS = [
  ...new Set(DEMO_REJECTION_REASONS),
  'No evaluation on the latest holdout month; attach it and resubmit',
  'Training data snapshot is not pinned to a checksum',
];

export interface HistoricalPromotion {
  targetStage: 'STAGING' | 'PRODUCTION';
  requestedAt: string;
  firstApprovedAt?: string;
  decidedAt: string;
  outcome: 'COMPLETED' | 'REJECTED' | 'WITHDRAWN';
  liveAt?: string;
  rejectionReason?: string;
}
export interface HistoricalModel {
  team: string;
  name: string;
  visibility?: 'PRIVATE';
  registeredAt: string;
  versions: { version: number; registeredAt: string; promotions: HistoricalPromotion[] }[];
}

/** The demo's imported history as of `now`: fixed by the seed, so every start tells the same story. */
export function demoHistory(now: Date): HistoricalModel[] {
  const random = seededRandom(20250601);
  const between = (low: number, high: number) => low + random() * (high - low);
  const iso = (ms: number) => new Date(Math.round(ms / 60_000) * 60_000).toISOString();
  const cutover = now.getTime() - CUTOVER_DAYS_AGO * DAY;
  const historyStart = cutover - Math.max(...LEGACY.map((t) => t.weeksBefore)) * 7 * DAY;

  return LEGACY.flatMap(({ team, weeksBefore, models }) =>
    models.map((model, modelIndex): HistoricalModel => {
      const registered = cutover - weeksBefore * 7 * DAY + modelIndex * between(10, 25) * DAY;
      const versions: HistoricalModel['versions'] = [];
      let pace = 1;
      for (
        let at = registered + between(0, 3) * DAY;
        at < cutover - 3 * DAY;
        at += between(3, 10) * DAY * (0.5 + 0.5 * pace)
      ) {
        // 1 at the start of the history, 0.35 at the cut-over: the teams got faster, and
        // registered more often.
        pace = 1 - 0.65 * ((at - historyStart) / (cutover - historyStart));
        const promotions: HistoricalPromotion[] = [];
        const add = (p: HistoricalPromotion) => {
          const last = Date.parse(p.liveAt ?? p.decidedAt);
          if (last < cutover) promotions.push(p);
          return last < cutover;
        };
        let clock = at + between(4, 48) * HOUR;
        if (random() < 0.1) {
          add({
            targetStage: 'STAGING',
            requestedAt: iso(clock),
            decidedAt: iso(clock + between(2, 30) * HOUR),
            outcome: 'WITHDRAWN',
          });
          versions.push({ version: versions.length + 1, registeredAt: iso(at), promotions });
          continue;
        }
        const stagingDecided = clock + between(2, 36) * HOUR * pace;
        const stagingLive = stagingDecided + between(0.5, 3) * HOUR;
        const staged = add({
          targetStage: 'STAGING',
          requestedAt: iso(clock),
          decidedAt: iso(stagingDecided),
          outcome: 'COMPLETED',
          liveAt: iso(stagingLive),
        });
        if (staged && random() < 0.75) {
          clock = stagingLive + between(1, 9) * DAY * pace;
          if (random() < 0.22) {
            const rejected = clock + between(4, 48) * HOUR;
            add({
              targetStage: 'PRODUCTION',
              requestedAt: iso(clock),
              decidedAt: iso(rejected),
              outcome: 'REJECTED',
              rejectionReason: LEGACY_REASONS[Math.floor(random() * LEGACY_REASONS.length)]!,
            });
            clock = rejected + between(1, 4) * DAY * pace;
          }
          const firstApproval = clock + between(3, 60) * HOUR * pace;
          const decided = firstApproval + between(0, 48) * HOUR * pace;
          add({
            targetStage: 'PRODUCTION',
            requestedAt: iso(clock),
            firstApprovedAt: iso(firstApproval),
            decidedAt: iso(decided),
            outcome: 'COMPLETED',
            liveAt: iso(decided + between(1, 12) * HOUR),
          });
        }
        versions.push({ version: versions.length + 1, registeredAt: iso(at), promotions });
      }
      return {
        team,
        name: model.name,
        ...(model.visibility ? { visibility: model.visibility } : {}),
        registeredAt: iso(registered),
        versions,
      };
    }),
  ).filter((m) => m.versions.length > 0);
}

export type MetricsCall = <T>(query: string, variables: object, principal?: Principal) => Promise<T>;

/**
 * Imports the history as the demo's platform admin did when the organisation moved to Cairn:
 * one call per team, as each team's models were moved over.
 */
export async function seedDemoHistory(call: MetricsCall, now = new Date()): Promise<{ versions: number }> {
  const admin = demoPerson('user-admin', 'admin@demo.cairn', 'Sam Admin', ['platform-admin']);
  const models = demoHistory(now);
  let versions = 0;
  for (const { team } of LEGACY) {
    const { importInsightsHistory } = await call<{ importInsightsHistory: { versions: number } }>(
      `mutation($source: String!, $models: [HistoricalModelInput!]!) {
         importInsightsHistory(source: $source, models: $models) { versions }
       }`,
      { source: DEMO_HISTORY_SOURCE, models: models.filter((m) => m.team === team) },
      admin,
    );
    versions += importInsightsHistory.versions;
  }
  return { versions };
}
