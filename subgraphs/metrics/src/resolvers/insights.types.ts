import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'How long a step took, over the promotions (or team requests) in the range, in hours.',
})
export class DurationStats {
  @Field(() => Int, { description: 'Promotions (or team requests) measured.' })
  count: number;

  @Field(() => Float, { nullable: true, description: 'Median; null when nothing was measured.' })
  p50Hours: number | null;

  @Field(() => Float, { nullable: true })
  p90Hours: number | null;
}

@ObjectType({ description: 'How many production models have a property, and their share of all.' })
export class ProductionShare {
  @Field(() => Int)
  count: number;

  @Field(() => Float, {
    nullable: true,
    description: 'count / productionModels; null without production models.',
  })
  share: number | null;
}

@ObjectType()
export class AdoptionInsights {
  @Field(() => Int, { description: 'Teams created in the range.' })
  teamsRegistered: number;

  @Field(() => Int)
  modelsRegistered: number;

  @Field(() => Int)
  versionsRegistered: number;

  @Field(() => Int, { description: 'Models with a PRODUCTION version now (archived models left out).' })
  productionModels: number;

  @Field(() => ProductionShare, {
    description: 'Code reference, container digest and dataset checksums (evidence or lineage).',
  })
  completeProvenance: ProductionShare;

  @Field(() => ProductionShare)
  modelCard: ProductionShare;

  @Field(() => ProductionShare)
  signature: ProductionShare;

  @Field(() => ProductionShare, { description: 'Reached PRODUCTION through an approved promotion request.' })
  approvedPromotion: ProductionShare;

  @Field(() => ProductionShare, { description: 'All four of the above.' })
  allFour: ProductionShare;
}

@ObjectType()
export class LeadTimeBucket {
  @Field({ description: 'e.g. `1-3d`.' })
  label: string;

  @Field(() => Float)
  minDays: number;

  @Field(() => Float, { nullable: true, description: 'Exclusive; null for the last bucket.' })
  maxDays: number | null;

  @Field(() => Int)
  count: number;
}

@ObjectType({
  description: 'Completed PRODUCTION promotions (rollbacks left out) that went live in the range.',
})
export class LeadTimeInsights {
  @Field(() => DurationStats)
  registrationToRequest: DurationStats;

  @Field(() => DurationStats, { description: 'Request to the approval policy being met.' })
  requestToApproval: DurationStats;

  @Field(() => DurationStats)
  approvalToLive: DurationStats;

  @Field(() => DurationStats)
  registrationToLive: DurationStats;

  @Field(() => [LeadTimeBucket], { description: 'Registration to live, in days.' })
  distribution: LeadTimeBucket[];
}

@ObjectType()
export class ReasonCount {
  @Field()
  reason: string;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'Promotion requests (every target stage) decided in the range.' })
export class ApprovalInsights {
  @Field(() => DurationStats, { description: 'Request to its first approval.' })
  approvalLatency: DurationStats;

  @Field(() => Int)
  completed: number;

  @Field(() => Int)
  rejected: number;

  @Field(() => Float, { nullable: true, description: 'rejected / (completed + rejected).' })
  rejectionRate: number | null;

  @Field(() => [ReasonCount], { description: 'Reasons given, for rejections of models you may see.' })
  rejectionReasons: ReasonCount[];

  @Field(() => Int, { description: 'Rejections of models you may not see: counted, reasons withheld.' })
  hiddenRejections: number;
}

@ObjectType()
export class TierCount {
  @Field({ description: 'LOW, MEDIUM, HIGH, CRITICAL or UNASSIGNED.' })
  tier: string;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'A production model with at least one risk flag.' })
export class RiskItem {
  @Field(() => ID)
  modelId: string;

  @Field()
  modelName: string;

  @Field()
  team: string;

  @Field(() => ID)
  modelVersionId: string;

  @Field(() => Int, { nullable: true })
  version: number | null;

  @Field()
  riskTier: string;

  @Field(() => [String], {
    description:
      'NO_MODEL_CARD, UNSIGNED, INCOMPLETE_PROVENANCE, NOT_APPROVED, FAILING_EVALUATION, STALE_EVALUATION, OPEN_DRIFT_ALARM, LEGAL_HOLD.',
  })
  flags: string[];
}

@ObjectType({ description: 'Production models now, by what puts them at risk.' })
export class RiskPosture {
  @Field(() => Int)
  productionModels: number;

  @Field(() => [TierCount])
  byTier: TierCount[];

  @Field(() => Int)
  withoutModelCard: number;

  @Field(() => Int)
  unsigned: number;

  @Field(() => Int)
  incompleteProvenance: number;

  @Field(() => Int, { description: 'Latest guardrail run failed its `metrics` check.' })
  failingEvaluations: number;

  @Field(() => Int, { description: 'No metrics logged in the 90 days before `to` (or now).' })
  staleEvaluations: number;

  @Field(() => Int)
  openDriftAlarms: number;

  @Field(() => Int)
  underLegalHold: number;

  @Field(() => [RiskItem], { description: 'The riskiest models you may see, at most 10.' })
  topRisks: RiskItem[];

  @Field(() => Int, { description: 'Flagged models you may not see: counted, never named.' })
  hiddenRisks: number;
}

@ObjectType({ description: 'One week (Monday, UTC) touching the range.' })
export class InsightsWeek {
  @Field()
  week: Date;

  @Field(() => Int)
  teamsRegistered: number;

  @Field(() => Int, { description: 'Teams that registered at least one version that week.' })
  activeTeams: number;

  @Field(() => Int)
  modelsRegistered: number;

  @Field(() => Int)
  versionsRegistered: number;

  @Field(() => Int)
  promotionsRequested: number;

  @Field(() => Int)
  promotionsCompleted: number;

  @Field(() => Int)
  promotionsRejected: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Registration to live of PRODUCTION promotions live that week.',
  })
  leadTimeP50Hours: number | null;

  @Field(() => Int, { description: 'Self-service team requests made that week.' })
  teamRequestsMade: number;

  @Field(() => Int)
  teamRequestsApproved: number;

  @Field(() => Int)
  teamRequestsRejected: number;
}

@ObjectType({
  description:
    'Self-service team requests, counted under the team slug asked for: every request for callers who see every team, otherwise those for their own teams. Counts only: never who asked, nor for which slug.',
})
export class TeamRequestInsights {
  @Field(() => Int, { description: 'Requests made in the range.' })
  made: number;

  @Field(() => Int, { description: 'Requests approved in the range.' })
  approved: number;

  @Field(() => Int, { description: 'Requests rejected in the range.' })
  rejected: number;

  @Field(() => Int, { description: 'Requests waiting for a decision now.' })
  open: number;

  @Field(() => DurationStats, {
    description: 'Request to decision (approved or rejected), over the requests decided in the range.',
  })
  timeToDecide: DurationStats;
}

@ObjectType()
export class TeamInsights {
  @Field()
  team: string;

  @Field(() => Int)
  modelsRegistered: number;

  @Field(() => Int)
  versionsRegistered: number;

  @Field(() => Int)
  promotionsCompleted: number;

  @Field(() => Int)
  promotionsRejected: number;

  @Field(() => Float, { nullable: true })
  leadTimeP50Hours: number | null;

  @Field(() => Int)
  productionModels: number;

  @Field(() => [TierCount])
  byTier: TierCount[];

  @Field(() => Int, { description: 'Production models with at least one risk flag.' })
  atRisk: number;
}

@ObjectType({
  description:
    'How much of the figures came from history imported from before Cairn (`importInsightsHistory`), per source.',
})
export class ImportedHistoryShare {
  @Field({ description: 'The system the history was imported from, as the importer named it.' })
  source: string;

  @Field(() => Int, { description: 'Imported versions registered in the range.' })
  versions: number;

  @Field(() => Int, { description: 'Imported promotions decided in the range.' })
  promotions: number;
}

@ObjectType({
  description: 'Aggregates over the teams the caller may see, kept current from the event logs.',
})
export class Insights {
  @Field()
  from: Date;

  @Field({ description: 'Exclusive.' })
  to: Date;

  @Field(() => String, { nullable: true })
  team: string | null;

  @Field(() => [String], { description: 'The teams these figures cover.' })
  teams: string[];

  @Field(() => AdoptionInsights)
  adoption: AdoptionInsights;

  @Field(() => LeadTimeInsights)
  leadTime: LeadTimeInsights;

  @Field(() => ApprovalInsights)
  approvals: ApprovalInsights;

  @Field(() => RiskPosture, { description: 'As of now (staleness as of `to`, if earlier).' })
  riskPosture: RiskPosture;

  @Field(() => TeamRequestInsights)
  teamRequests: TeamRequestInsights;

  @Field(() => [InsightsWeek])
  weeks: InsightsWeek[];

  @Field(() => [TeamInsights])
  byTeam: TeamInsights[];

  @Field(() => [ImportedHistoryShare], {
    description: 'Empty unless some of the figures in the range come from imported history.',
  })
  importedHistory: ImportedHistoryShare[];
}
