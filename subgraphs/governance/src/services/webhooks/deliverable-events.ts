import { governanceEvents, metricsEvents, type RawEvent, registryEvents } from '@cairn/events';
import type { z } from 'zod';

type Kinds = Record<string, { payload: z.ZodType<object> }>;
/** For each deliverable kind of a log: the one team whose subscriptions hear of it. */
/** Null: about no one team (a platform signing key), so no team's subscription hears of it. */
type TeamOf<K extends Kinds> = { [N in keyof K]?: (payload: z.output<K[N]['payload']>) => string | null };

const teamSlug = (p: { teamSlug: string }) => p.teamSlug;
const team = (p: { team: string }) => p.team;

/**
 * Governance's events a team can subscribe to. Left out: events about no team (accounts, API
 * tokens, approval policies and roles) and the management of subscriptions themselves, except
 * `WebhookSubscriptionDisabled`, which is how a team hears that one of its receivers was cut off.
 */
const GOVERNANCE: TeamOf<typeof governanceEvents.kinds> = {
  StageTransitioned: teamSlug,
  RiskTierChanged: teamSlug,
  RiskTierChangeRequested: teamSlug,
  RiskTierChangeRejected: teamSlug,
  PromotionRequested: teamSlug,
  PromotionApproved: teamSlug,
  PromotionRejected: teamSlug,
  PromotionWithdrawn: teamSlug,
  PromotionExpired: teamSlug,
  PromotionCompleted: teamSlug,
  ProductionRolledBack: teamSlug,
  RolloutStarted: teamSlug,
  RolloutWindowReported: teamSlug,
  RolloutStepAdvanced: teamSlug,
  RolloutCompleted: teamSlug,
  RolloutRolledBack: teamSlug,
  AccessRequested: team,
  AccessRequestGranted: team,
  AccessRequestDenied: team,
  AccessRequestWithdrawn: team,
  TeamMembershipGranted: team,
  TeamMembershipRevoked: team,
  ServiceAccountCreated: team,
  WebhookSubscriptionDisabled: teamSlug,
  SigningKeyRegistered: (p) => p.team,
  SigningKeyRotated: (p) => p.team,
  SigningKeyRevoked: (p) => p.team,
};

/**
 * The registry's. Left out: `TeamCreated` (no subscription can exist before its team),
 * `ArtifactStored` (an upload step, not a change of a model) and `ArtifactPurged`, which names
 * the models of several teams in one payload and would tell one team about another's.
 */
const REGISTRY: TeamOf<typeof registryEvents.kinds> = {
  TeamDefaultVisibilityChanged: (p) => p.slug,
  RetentionPolicySet: teamSlug,
  ModelRegistered: teamSlug,
  ModelVisibilityChanged: teamSlug,
  ModelVersionCreated: teamSlug,
  ModelVersionImported: teamSlug,
  ModelAliasSet: teamSlug,
  ModelAliasDeleted: teamSlug,
  ModelAliasRolledBack: teamSlug,
  ModelAliasProtectionChanged: teamSlug,
  ModelVersionDeprecated: teamSlug,
  ModelVersionUndeprecated: teamSlug,
  ModelArchived: teamSlug,
  ModelUnarchived: teamSlug,
  LegalHoldPlaced: teamSlug,
  LegalHoldReleased: teamSlug,
  ModelVersionSignatureAttached: teamSlug,
};

/**
 * The metrics subgraph's: logged metrics and drift detection, each about one version of one
 * team. Serving systems report windows often, but `ProductionWindowReported` is what a team
 * wires a dashboard or pager to, so it is deliverable like the alarm events.
 */
const METRICS: TeamOf<typeof metricsEvents.kinds> = {
  MetricsLogged: teamSlug,
  ReferenceDistributionsRegistered: teamSlug,
  ProductionWindowReported: teamSlug,
  DriftAlarmRaised: teamSlug,
  RetrainSuggested: teamSlug,
  DriftAlarmResolved: teamSlug,
};

const SOURCES = [
  { contract: governanceEvents, teams: GOVERNANCE as Record<string, (p: object) => string | null> },
  { contract: registryEvents, teams: REGISTRY as Record<string, (p: object) => string | null> },
  { contract: metricsEvents, teams: METRICS as Record<string, (p: object) => string | null> },
] as const;

/** Every event type a subscription may name, e.g. `governance.PromotionCompleted`. */
export const DELIVERABLE_EVENT_TYPES: readonly string[] = SOURCES.flatMap(({ contract, teams }) =>
  Object.keys(teams).map((name) => `${contract.schema}.${name}`),
).sort();

const DELIVERABLE = new Set(DELIVERABLE_EVENT_TYPES);

export function isDeliverable(type: string): boolean {
  return DELIVERABLE.has(type);
}

/** What a receiver gets: the event checked against its contract, and the team it belongs to. */
export interface Deliverable {
  team: string;
  data: object;
}

/**
 * The team and payload of a deliverable event; null for any other. Throws `MalformedEventError`
 * for an event that breaks its contract, so the consumer quarantines it instead of sending it.
 */
export function deliverableOf(event: RawEvent): Deliverable | null {
  if (!DELIVERABLE.has(event.type)) return null;
  const source = SOURCES.find(({ contract }) => contract.has(event.type))!;
  const parsed = source.contract.parse(event);
  const name = event.type.slice(source.contract.schema.length + 1);
  const team = source.teams[name]!(parsed.payload);
  return team === null ? null : { team, data: parsed.payload };
}
