import type { DataSource } from 'typeorm';

/**
 * A fixed story, written straight into the four event logs with fixed times, for the insights
 * tests to compare with figures worked out by hand (see `insights.test.ts`).
 *
 * Day 0 is Monday 2026-03-02 (UTC): days 0–6 are week 1, days 7–13 week 2.
 */
export const DAY0 = Date.UTC(2026, 2, 2);
export const at = (day: number, hour = 0) => new Date(DAY0 + day * 86_400_000 + hour * 3_600_000);
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const ids = {
  teamAlpha: id(1),
  teamBeta: id(2),
  teamGamma: id(3),
  /** alpha, INTERNAL, tier HIGH */
  fraudScorer: id(11),
  /** alpha, PRIVATE, tier CRITICAL */
  secretGraph: id(12),
  /** beta, INTERNAL, no tier */
  recommender: id(13),
  /** beta, INTERNAL, made PRIVATE on day 10 */
  priceModel: id(14),
  vFraudScorer: id(21),
  vSecretGraph: id(22),
  vRecommender: id(23),
  vRecommender2: id(24),
  vPriceModel: id(25),
  r1: id(31),
  r2: id(32),
  r3: id(33),
  r4: id(34),
  r5: id(35),
  r6: id(36),
  r8: id(38),
  run: id(41),
  dataset: id(42),
  policy: id(51),
  tr1: id(61),
  tr2: id(62),
  tr3: id(63),
  tr4: id(64),
  tr5: id(65),
  tr6: id(66),
};

/** Slugs asked for that never became teams in the story: no answer may name them. */
export const REQUESTED_SLUGS = ['nova-lab', 'orbit', 'quasar', 'rivet'];
export const REQUESTER = 'user-asker@example.com';

export const PRIVATE_NAMES = ['secret-graph', 'price-model'];
export const PRIVATE_REASON = 'secret-graph leaks PII';

const sha = (c: string) => c.repeat(64);
const signature = { keyId: sha('a'), publicKeyPem: 'PEM', bundle: {}, signer: 'registry' };
const card = { intendedUse: 'scoring', owners: ['ml'] };
const fullProvenance = {
  code: { repositoryUrl: 'https://git.example/x', commit: sha('b').slice(0, 40) },
  containerImage: { digest: `sha256:${sha('c')}` },
  datasets: [{ name: 'train', uri: 's3://d/train', sha256: sha('d') }],
};

interface FixtureEvent {
  log: 'registry' | 'governance' | 'lineage' | 'metrics';
  type: string;
  subjectType: string;
  subjectId: string;
  at: Date;
  payload: Record<string, unknown>;
}

const team = (teamId: string, slug: string, day: number): FixtureEvent => ({
  log: 'registry',
  type: 'registry.TeamCreated',
  subjectType: 'Team',
  subjectId: teamId,
  at: at(day),
  payload: { teamId, slug, name: slug, defaultVisibility: 'INTERNAL' },
});

const model = (
  modelId: string,
  teamSlug: string,
  name: string,
  visibility: string,
  day: number,
): FixtureEvent => ({
  log: 'registry',
  type: 'registry.ModelRegistered',
  subjectType: 'Model',
  subjectId: modelId,
  at: at(day),
  payload: {
    modelId,
    teamId: teamSlug === 'alpha' ? ids.teamAlpha : ids.teamBeta,
    teamSlug,
    name,
    description: '',
    task: null,
    framework: null,
    license: null,
    tags: [],
    visibility,
  },
});

function version(
  modelVersionId: string,
  modelId: string,
  teamSlug: string,
  n: number,
  day: number,
  evidence?: { card: object | null; provenance: object; signed: boolean },
): FixtureEvent {
  return {
    log: 'registry',
    type: 'registry.ModelVersionCreated',
    subjectType: 'ModelVersion',
    subjectId: modelVersionId,
    at: at(day),
    payload: {
      modelVersionId,
      modelId,
      modelName: 'm',
      teamSlug,
      version: n,
      visibility: 'INTERNAL',
      ...(evidence && {
        evidence: {
          license: null,
          card: evidence.card,
          provenance: evidence.provenance,
          files: [],
          signature: evidence.signed ? signature : null,
        },
      }),
    },
  };
}

const summary = (
  requestId: string,
  modelVersionId: string,
  modelId: string,
  teamSlug: string,
  targetStage = 'PRODUCTION',
) => ({
  requestId,
  modelVersionId,
  modelId,
  teamSlug,
  targetStage,
  requestedBy: 'someone',
  riskTier: 'HIGH',
  policyId: ids.policy,
  policyVersion: 1,
  manifestDigest: null,
  kind: 'PROMOTION',
});

const promo = (
  type: string,
  day: number,
  hour: number,
  s: ReturnType<typeof summary>,
  extra: Record<string, unknown> = {},
): FixtureEvent => ({
  log: 'governance',
  type: `governance.Promotion${type}`,
  subjectType: 'PromotionRequest',
  subjectId: s.requestId,
  at: at(day, hour),
  payload: { ...s, ...extra },
});

const requested = (day: number, hour: number, s: ReturnType<typeof summary>) =>
  promo('Requested', day, hour, s, { justification: 'ready', expiresAt: at(60).toISOString() });
const approved = (day: number, hour: number, s: ReturnType<typeof summary>) =>
  promo('Approved', day, hour, s, { approver: 'approver', comment: null, approvalRoles: [] });
const completed = (day: number, hour: number, s: ReturnType<typeof summary>) =>
  promo('Completed', day, hour, s, { approvers: ['approver'] });
const rejected = (day: number, hour: number, s: ReturnType<typeof summary>, reason: string) =>
  promo('Rejected', day, hour, s, { rejectedBy: 'approver', reason });

function stage(
  modelVersionId: string,
  modelId: string,
  teamSlug: string,
  day: number,
  promotionRequestId?: string,
): FixtureEvent {
  return {
    log: 'governance',
    type: 'governance.StageTransitioned',
    subjectType: 'ModelVersion',
    subjectId: modelVersionId,
    at: at(day),
    payload: {
      modelVersionId,
      modelId,
      teamSlug,
      from: 'DEVELOPMENT',
      to: 'PRODUCTION',
      reason: null,
      promotionRequestId,
    },
  };
}

const tier = (
  modelId: string,
  teamSlug: string,
  from: string | null,
  to: string,
  day: number,
): FixtureEvent => ({
  log: 'governance',
  type: 'governance.RiskTierChanged',
  subjectType: 'Model',
  subjectId: modelId,
  at: at(day),
  payload: { modelId, teamSlug, from, to, reason: 'review' },
});

const guardrails = (
  requestId: string,
  modelVersionId: string,
  day: number,
  failedChecks: string[],
): FixtureEvent => ({
  log: 'governance',
  type: 'governance.GuardrailsEvaluated',
  subjectType: 'PromotionRequest',
  subjectId: requestId,
  at: at(day),
  payload: {
    requestId,
    modelVersionId,
    bundleVersion: '1',
    riskTier: 'HIGH',
    targetStage: 'PRODUCTION',
    passed: failedChecks.length === 0,
    failedChecks,
  },
});

const evaluated = (modelVersionId: string, teamSlug: string, day: number): FixtureEvent => ({
  log: 'metrics',
  type: 'metrics.MetricsLogged',
  subjectType: 'ModelVersion',
  subjectId: modelVersionId,
  at: at(day),
  payload: { modelVersionId, teamSlug, metrics: [{ id: ids.run, name: 'auc', value: 0.9, dataset: null }] },
});

export function teamRequest(
  requestId: string,
  slug: string,
  requested: [day: number, hour: number],
  decision?: { approved: boolean; day: number; hour: number; membershipId?: string },
): FixtureEvent[] {
  const base = { requestId, slug, name: slug, requester: REQUESTER };
  const event = (type: string, [day, hour]: [number, number], extra: object): FixtureEvent => ({
    log: 'governance',
    type: `governance.${type}`,
    subjectType: 'TeamRequest',
    subjectId: requestId,
    at: at(day, hour),
    payload: { ...base, ...extra },
  });
  const events = [event('TeamRequested', requested, { justification: `${REQUESTER} needs ${slug}` })];
  if (decision?.approved) {
    events.push(event('TeamRequestApproved', [decision.day, decision.hour], { membershipId: id(70) }));
  } else if (decision) {
    events.push(event('TeamRequestRejected', [decision.day, decision.hour], { reason: `no ${slug}` }));
  }
  return events;
}

const R1 = summary(ids.r1, ids.vFraudScorer, ids.fraudScorer, 'alpha');
const R2 = summary(ids.r2, ids.vSecretGraph, ids.secretGraph, 'alpha');
const R3 = summary(ids.r3, ids.vRecommender, ids.recommender, 'beta');
const R4 = summary(ids.r4, ids.vRecommender, ids.recommender, 'beta');
const R5 = summary(ids.r5, ids.vSecretGraph, ids.secretGraph, 'alpha', 'STAGING');
const R6 = summary(ids.r6, ids.vPriceModel, ids.priceModel, 'beta');

/** The story, in the order each log records it. */
export const FIXTURE: FixtureEvent[] = [
  team(ids.teamAlpha, 'alpha', 0),
  team(ids.teamBeta, 'beta', 1),
  model(ids.fraudScorer, 'alpha', 'fraud-scorer', 'INTERNAL', 0),
  version(ids.vFraudScorer, ids.fraudScorer, 'alpha', 1, 0, {
    card,
    provenance: fullProvenance,
    signed: true,
  }),
  model(ids.secretGraph, 'alpha', 'secret-graph', 'PRIVATE', 1),
  version(ids.vSecretGraph, ids.secretGraph, 'alpha', 1, 1, {
    card: null,
    provenance: { code: fullProvenance.code },
    signed: true,
  }),
  model(ids.recommender, 'beta', 'recommender', 'INTERNAL', 2),
  version(ids.vRecommender, ids.recommender, 'beta', 1, 2, {
    card,
    provenance: fullProvenance,
    signed: false,
  }),
  {
    log: 'registry',
    type: 'registry.LegalHoldPlaced',
    subjectType: 'ModelVersion',
    subjectId: ids.vRecommender,
    at: at(6),
    payload: {
      modelId: ids.recommender,
      modelVersionId: ids.vRecommender,
      version: 1,
      teamSlug: 'beta',
      visibility: 'INTERNAL',
      reason: 'litigation',
    },
  },
  team(ids.teamGamma, 'gamma', 8),
  version(ids.vRecommender2, ids.recommender, 'beta', 2, 9, {
    card,
    provenance: fullProvenance,
    signed: true,
  }),
  model(ids.priceModel, 'beta', 'price-model', 'INTERNAL', 9),
  // An event of an older release: no evidence at all.
  version(ids.vPriceModel, ids.priceModel, 'beta', 1, 9),
  {
    log: 'registry',
    type: 'registry.ModelVisibilityChanged',
    subjectType: 'Model',
    subjectId: ids.priceModel,
    at: at(10),
    payload: { modelId: ids.priceModel, teamSlug: 'beta', from: 'INTERNAL', to: 'PRIVATE', reason: null },
  },

  tier(ids.fraudScorer, 'alpha', null, 'MEDIUM', 0),
  tier(ids.fraudScorer, 'alpha', 'MEDIUM', 'HIGH', 1),
  tier(ids.secretGraph, 'alpha', null, 'CRITICAL', 1),
  requested(1, 0, R1),
  approved(1, 6, R1),
  requested(1, 12, R5),
  rejected(1, 18, R5, PRIVATE_REASON),
  completed(2, 0, R1),
  stage(ids.vFraudScorer, ids.fraudScorer, 'alpha', 2, ids.r1),
  requested(2, 0, R2),
  guardrails(ids.r2, ids.vSecretGraph, 2, []),
  requested(3, 0, R3),
  approved(3, 0, R2),
  approved(3, 12, R2),
  rejected(3, 12, R3, 'accuracy below threshold'),
  completed(4, 0, R2),
  stage(ids.vSecretGraph, ids.secretGraph, 'alpha', 4, ids.r2),
  requested(5, 0, R4),
  approved(5, 12, R4),
  requested(10, 0, R6),
  promo('Withdrawn', 11, 0, R6),
  // A version moved before promotion requests existed: no request, so not an approved promotion.
  stage(ids.vPriceModel, ids.priceModel, 'beta', 11),
  completed(12, 0, R4),
  stage(ids.vRecommender, ids.recommender, 'beta', 12, ids.r4),
  guardrails(ids.r8, ids.vFraudScorer, 13, ['metrics']),

  // Self-service team requests (the registry's TeamCreated for an approved one is left out of
  // the story, except gamma's, which the request explains). Hours to decide in brackets.
  // quasar: asked before the range (day −3), rejected on day 1 [96].
  ...teamRequest(ids.tr5, 'quasar', [-3, 0], { approved: false, day: 1, hour: 0 }),
  // delta: asked on day 2, approved on day 3 at noon [36].
  ...teamRequest(ids.tr1, 'delta', [2, 0], { approved: true, day: 3, hour: 12 }),
  // nova-lab: asked on day 4, rejected on day 9 [120].
  ...teamRequest(ids.tr2, 'nova-lab', [4, 0], { approved: false, day: 9, hour: 0 }),
  // gamma: asked on day 7 at 18:00, approved as the team was created, day 8 [6].
  ...teamRequest(ids.tr3, 'gamma', [7, 18], { approved: true, day: 8, hour: 0 }),
  // orbit: asked on day 12, still open.
  ...teamRequest(ids.tr4, 'orbit', [12, 0]),
  // rivet: asked on day 13, approved on day 14, after the range.
  ...teamRequest(ids.tr6, 'rivet', [13, 0], { approved: true, day: 14, hour: 0 }),

  {
    log: 'lineage',
    type: 'lineage.TrainingRunRecorded',
    subjectType: 'TrainingRun',
    subjectId: ids.run,
    at: at(1),
    payload: {
      runId: ids.run,
      modelVersionId: ids.vSecretGraph,
      teamSlug: 'alpha',
      datasetIds: [ids.dataset],
    },
  },

  evaluated(ids.vFraudScorer, 'alpha', 3),
  evaluated(ids.vRecommender, 'beta', 12),
];

/** Appends events with their fixed times, one transaction each, as the owner may. */
export async function appendEvents(owner: DataSource, events: FixtureEvent[]): Promise<void> {
  for (const e of events) {
    await owner.query(
      `INSERT INTO "${e.log}".event_log (type, subject_type, subject_id, actor, payload, occurred_at)
       VALUES ($1, $2, $3, 'fixture', $4::jsonb, $5)`,
      [e.type, e.subjectType, e.subjectId, JSON.stringify(e.payload), e.at],
    );
  }
}

/** A registry event that breaks its contract (no modelId): the consumer must quarantine it. */
export const MALFORMED: FixtureEvent = {
  log: 'registry',
  type: 'registry.ModelVersionCreated',
  subjectType: 'ModelVersion',
  subjectId: id(99),
  at: at(5),
  payload: { modelVersionId: id(99), teamSlug: 'alpha', version: 1 },
};

/** A governance event that breaks its contract (no slug): quarantined, the rest applied. */
export const MALFORMED_TEAM_REQUEST: FixtureEvent = {
  log: 'governance',
  type: 'governance.TeamRequested',
  subjectType: 'TeamRequest',
  subjectId: id(98),
  at: at(5),
  payload: { requestId: id(98), name: 'nameless', requester: REQUESTER, justification: 'x' },
};
