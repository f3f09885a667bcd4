import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ServingMetricsReport as Report } from '../../services/rollouts/rollout.service';
import {
  reportServingMetricsRules,
  rolloutRulesRules,
  startRolloutRules,
} from '../../services/rollouts/rollout-rules';
import type { RolloutDecisionRow, RolloutRow, RolloutWindowRow } from '../../services/rollouts/rollout-store';

export const RolloutStatus = {
  IN_PROGRESS: 'IN_PROGRESS',
  COMPLETED: 'COMPLETED',
  ROLLED_BACK: 'ROLLED_BACK',
} as const;
export type RolloutStatus = (typeof RolloutStatus)[keyof typeof RolloutStatus];
registerEnumType(RolloutStatus, {
  name: 'RolloutStatus',
  description:
    'IN_PROGRESS: the candidate takes trafficPercent. COMPLETED: it takes all traffic. ROLLED_BACK: it takes none; the baseline is PRODUCTION again.',
});

export const RolloutVerdict = { PASS: 'PASS', FAIL: 'FAIL', INSUFFICIENT: 'INSUFFICIENT' } as const;
export type RolloutVerdict = (typeof RolloutVerdict)[keyof typeof RolloutVerdict];
registerEnumType(RolloutVerdict, {
  name: 'RolloutVerdict',
  description: 'INSUFFICIENT: too few requests on either side (or no latency to check): no decision.',
});

export const RolloutDecisionKind = {
  ADVANCE: 'ADVANCE',
  COMPLETE: 'COMPLETE',
  ROLLBACK: 'ROLLBACK',
} as const;
export type RolloutDecisionKind = (typeof RolloutDecisionKind)[keyof typeof RolloutDecisionKind];
registerEnumType(RolloutDecisionKind, { name: 'RolloutDecisionKind' });

@ObjectType({ description: 'What a window must show for the rollout to move on.' })
export class RolloutRules {
  @Field(() => Float, { description: 'The candidate’s error rate may be at most this × the baseline’s.' })
  maxErrorRateRatio: number;

  @Field(() => Float, { nullable: true, description: 'The candidate’s p99 latency bound, if any.' })
  maxLatencyP99Ms: number | null;

  @Field(() => Int, { description: 'Requests each side needs in a window before it is judged.' })
  minRequests: number;
}

@ObjectType()
export class RolloutStrategy {
  @Field(() => [Int], { description: 'The candidate’s traffic share per step, in %; the last is 100.' })
  steps: number[];

  @Field(() => Int, { description: 'How long a reported window must be, at least.' })
  windowMinutes: number;

  @Field(() => RolloutRules)
  rules: RolloutRules;
}

@ObjectType({ description: 'What one side served during a window.' })
export class ServingObservation {
  @Field(() => Int)
  requests: number;

  @Field(() => Int)
  errors: number;

  @Field(() => Float, { nullable: true })
  latencyP99Ms: number | null;

  @Field(() => Float, { description: 'errors / requests (0 without requests).' })
  errorRate: number;
}

const observationOf = (
  requests: number,
  errors: number,
  latencyP99Ms: number | null,
): ServingObservation => ({
  requests,
  errors,
  latencyP99Ms,
  errorRate: requests === 0 ? 0 : errors / requests,
});

@ObjectType({ description: 'A window a serving system reported, and Cairn’s verdict on it.' })
export class RolloutWindow {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  stepIndex: number;

  @Field(() => Int)
  trafficPercent: number;

  @Field()
  start: Date;

  @Field()
  end: Date;

  @Field(() => ServingObservation)
  candidate: ServingObservation;

  @Field(() => ServingObservation)
  baseline: ServingObservation;

  @Field(() => RolloutVerdict)
  verdict: RolloutVerdict;

  @Field(() => [String], {
    description: 'Each rule broken (FAIL) or why it could not be judged (INSUFFICIENT).',
  })
  findings: string[];

  @Field()
  reportedBy: string;

  @Field()
  reportedAt: Date;
}

export const rolloutWindowOf = (row: RolloutWindowRow): RolloutWindow => ({
  id: row.id,
  stepIndex: row.step_index,
  trafficPercent: row.traffic_percent,
  start: row.window_start,
  end: row.window_end,
  candidate: observationOf(row.candidate_requests, row.candidate_errors, row.candidate_latency_p99_ms),
  baseline: observationOf(row.baseline_requests, row.baseline_errors, row.baseline_latency_p99_ms),
  verdict: row.verdict,
  findings: row.findings,
  reportedBy: row.reported_by,
  reportedAt: row.reported_at,
});

@ObjectType({ description: 'A step taken: by the rules on a window (automatic) or by someone.' })
export class RolloutDecision {
  @Field(() => RolloutDecisionKind)
  kind: RolloutDecisionKind;

  @Field()
  automatic: boolean;

  @Field(() => ID, { nullable: true, description: 'The window that decided it.' })
  windowId: string | null;

  @Field(() => Int)
  fromPercent: number;

  @Field(() => Int)
  toPercent: number;

  @Field()
  reason: string;

  @Field()
  decidedBy: string;

  @Field()
  decidedAt: Date;
}

export const rolloutDecisionOf = (row: RolloutDecisionRow): RolloutDecision => ({
  kind: row.kind,
  automatic: row.automatic,
  windowId: row.window_id,
  fromPercent: row.from_percent,
  toPercent: row.to_percent,
  reason: row.reason,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
});

@ObjectType({
  description:
    'A canary of a PRODUCTION version (candidate) against the one it replaced (baseline). Serving systems poll it for status and trafficPercent.',
})
export class Rollout {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  modelId: string;

  @Field()
  team: string;

  @Field(() => ID)
  candidateVersionId: string;

  @Field(() => ID)
  baselineVersionId: string;

  @Field(() => RolloutStrategy)
  strategy: RolloutStrategy;

  @Field(() => RolloutStatus)
  status: RolloutStatus;

  @Field(() => Int, {
    description: 'The candidate’s traffic share now: 0 once rolled back, 100 once completed.',
  })
  trafficPercent: number;

  @Field(() => Int, { description: 'Index of the current step in strategy.steps.' })
  stepIndex: number;

  @Field()
  stepStartedAt: Date;

  @Field()
  startedBy: string;

  @Field()
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  endedAt: Date | null;

  @Field(() => String, { nullable: true })
  endedBy: string | null;

  @Field(() => String, { nullable: true, description: 'Why it completed or rolled back.' })
  endReason: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The ROLLBACK promotion request that restored the baseline.',
  })
  rollbackRequestId: string | null;
}

export const rolloutOf = (row: RolloutRow): Rollout => ({
  id: row.id,
  modelId: row.model_id,
  team: row.team_slug,
  candidateVersionId: row.candidate_version_id,
  baselineVersionId: row.baseline_version_id,
  strategy: {
    steps: row.steps,
    windowMinutes: row.window_minutes,
    rules: {
      maxErrorRateRatio: row.max_error_rate_ratio,
      maxLatencyP99Ms: row.max_latency_p99_ms,
      minRequests: row.min_requests,
    },
  },
  status: row.status,
  trafficPercent: row.status === 'ROLLED_BACK' ? 0 : row.steps[row.step_index]!,
  stepIndex: row.step_index,
  stepStartedAt: row.step_started_at,
  startedBy: row.started_by,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  endedBy: row.ended_by,
  endReason: row.end_reason,
  rollbackRequestId: row.rollback_request_id,
});

@ObjectType({ description: 'The window as recorded, and what it decided.' })
export class ServingMetricsReport {
  @Field(() => Rollout, { description: 'The rollout after the decision.' })
  rollout: Rollout;

  @Field(() => RolloutWindow)
  window: RolloutWindow;

  @Field(() => RolloutDecisionKind, { nullable: true, description: 'Null: the window decided nothing.' })
  decision: RolloutDecisionKind | null;
}

export const reportOf = (report: Report): ServingMetricsReport => ({
  rollout: rolloutOf(report.rollout),
  window: rolloutWindowOf(report.window),
  decision: report.decision,
});

@InputType()
export class RolloutRulesInput {
  static readonly schema = rolloutRulesRules;

  @Field(() => Float, { nullable: true, description: '1 to 100; 1.2 by default.' })
  maxErrorRateRatio?: number | null;

  @Field(() => Float, { nullable: true, description: 'No latency bound by default.' })
  maxLatencyP99Ms?: number | null;

  @Field(() => Int, { nullable: true, description: '100 by default.' })
  minRequests?: number | null;
}

@InputType()
export class RolloutStrategyInput {
  @Field(() => [Int], {
    nullable: true,
    description: 'Increasing, 1 to 100, ending at 100; [5, 25, 50, 100] by default.',
  })
  steps?: number[] | null;

  @Field(() => Int, { nullable: true, description: '1 to 10,080; 10 by default.' })
  windowMinutes?: number | null;

  @Field(() => RolloutRulesInput, { nullable: true })
  rules?: RolloutRulesInput | null;
}

@InputType()
export class StartRolloutInput {
  static readonly schema = startRolloutRules;

  @Field(() => ID, { description: 'A PRODUCTION version that replaced an earlier PRODUCTION version.' })
  modelVersionId: string;

  @Field(() => RolloutStrategyInput, { nullable: true })
  strategy?: RolloutStrategyInput | null;
}

@InputType()
export class RolloutWindowInput {
  @Field()
  start: Date;

  @Field()
  end: Date;
}

@InputType()
export class ServingObservationInput {
  @Field(() => Int)
  requests: number;

  @Field(() => Int, { description: 'At most requests.' })
  errors: number;

  @Field(() => Float, { nullable: true })
  latencyP99Ms?: number | null;
}

@InputType()
export class ReportServingMetricsInput {
  static readonly schema = reportServingMetricsRules;

  @Field(() => ID)
  rolloutId: string;

  @Field(() => RolloutWindowInput, {
    description:
      'At least the strategy’s windowMinutes long, ended, and not before the previous window’s end.',
  })
  window: RolloutWindowInput;

  @Field(() => ServingObservationInput)
  candidate: ServingObservationInput;

  @Field(() => ServingObservationInput)
  baseline: ServingObservationInput;
}
