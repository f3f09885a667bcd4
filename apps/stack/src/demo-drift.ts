import type { SubgraphName } from '@cairn/config';

/** The seed's signed call to one subgraph, as the seed's pipeline principal. */
export type SeedCall = <T>(subgraph: SubgraphName, query: string, variables: object) => Promise<T>;

export interface DemoProductionVersion {
  model: string;
  team: string;
  visibility: 'PRIVATE' | 'INTERNAL';
  versionId: string;
}

const AMOUNT_EDGES = [0, 10, 50, 100, 500, 1000, 5000];
const SCORE_EDGES = [0, 0.2, 0.4, 0.6, 0.8, 1];
const MERCHANTS = ['grocery', 'travel', 'electronics', 'gaming', 'fuel'];

/** From training: small card payments dominate, few fraud scores are high. */
const REFERENCE = [
  { feature: 'amount', binEdges: AMOUNT_EDGES, counts: [3200, 2800, 1500, 1600, 600, 300] },
  { feature: 'merchant_category', categories: MERCHANTS, counts: [4000, 1500, 2000, 800, 1700] },
  { feature: 'fraud_score', role: 'PREDICTION', binEdges: SCORE_EDGES, counts: [8200, 1000, 450, 250, 100] },
];
/** A day like training: every PSI far below 0.2. */
const HEALTHY = [
  { feature: 'amount', binEdges: AMOUNT_EDGES, counts: [330, 270, 152, 158, 58, 32] },
  { feature: 'merchant_category', categories: MERCHANTS, counts: [410, 148, 195, 82, 165] },
  { feature: 'fraud_score', binEdges: SCORE_EDGES, counts: [815, 104, 44, 26, 11] },
];
/** A holiday-season shift: larger electronics and gaming purchases, and the scores follow. */
const DRIFTED = [
  { feature: 'amount', binEdges: AMOUNT_EDGES, counts: [120, 180, 160, 250, 180, 110] },
  { feature: 'merchant_category', categories: MERCHANTS, counts: [250, 120, 380, 200, 50] },
  { feature: 'fraud_score', binEdges: SCORE_EDGES, counts: [760, 120, 60, 40, 20] },
];

const REGISTER = /* GraphQL */ `
  mutation($v: ID!, $f: [ReferenceHistogramInput!]!) {
    registerReferenceDistributions(modelVersionId: $v, source: TRAINING, features: $f) { feature }
  }`;
const REPORT = /* GraphQL */ `
  mutation($v: ID!, $s: DateTimeISO!, $e: DateTimeISO!, $f: [HistogramInput!]!) {
    reportProductionWindow(modelVersionId: $v, window: { start: $s, end: $e }, features: $f) { drifted }
  }`;

const HOUR = 3_600_000;

/**
 * The demo's drift story: the production version of one fraud model (a public one, so every
 * demo user sees it) registers reference distributions, then a serving system reports a healthy
 * hour and a drifted one, which raises an alarm with its retrain suggestion. Through the metrics
 * subgraph's own API, like the rest of the seed; it runs once, inside the seed's only run.
 */
export async function seedDemoDrift(call: SeedCall, production: DemoProductionVersion[], now = new Date()) {
  const target =
    production.find((p) => p.team === 'fraud-detection' && p.visibility === 'INTERNAL') ??
    production.find((p) => p.visibility === 'INTERNAL');
  if (!target) return null;
  await call('metrics', REGISTER, { v: target.versionId, f: REFERENCE });
  const hour = Math.floor(now.getTime() / HOUR) * HOUR;
  for (const [index, features] of [HEALTHY, DRIFTED].entries()) {
    const start = new Date(hour - (2 - index) * HOUR).toISOString();
    const end = new Date(hour - (1 - index) * HOUR).toISOString();
    await call('metrics', REPORT, { v: target.versionId, s: start, e: end, f: features });
  }
  return target;
}
