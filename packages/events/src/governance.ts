import { z } from 'zod';
import { EventContract } from './contract';
import { uuid } from './fields';

/** Governance's stages as they appear in events; its `Stage` enum must keep these values. */
export const STAGE_NAMES = ['DEVELOPMENT', 'STAGING', 'PRODUCTION', 'DEPRECATED', 'ARCHIVED'] as const;
const stage = z.enum(STAGE_NAMES);

const teamRole = z.enum(['viewer', 'contributor', 'maintainer']);
const scope = z.enum(['read', 'write', 'promote', 'admin', 'serving:report']);
const membership = z.object({ role: teamRole, approver: z.boolean() });
export const RISK_TIER_NAMES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const riskTier = z.enum(RISK_TIER_NAMES);
const promotionStage = z.enum(['STAGING', 'PRODUCTION']);
const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/);
/** What every promotion event says about its request. */
const promotionSummary = z.object({
  requestId: uuid,
  modelVersionId: uuid,
  modelId: uuid,
  teamSlug: z.string(),
  targetStage: promotionStage,
  requestedBy: z.string(),
  riskTier,
  policyId: uuid,
  policyVersion: z.number().int().positive(),
  manifestDigest: digest.nullable(),
  /** Absent in events of releases before rollbacks: a promotion. */
  kind: z.enum(['PROMOTION', 'ROLLBACK']).optional(),
});

/** What every rollout event says about its rollout. */
const rolloutSummary = z.object({
  rolloutId: uuid,
  modelId: uuid,
  teamSlug: z.string(),
  candidateVersionId: uuid,
  baselineVersionId: uuid,
  /** The candidate's share of traffic after the event. */
  trafficPercent: z.number().int(),
});
const rolloutRules = z.object({
  maxErrorRateRatio: z.number(),
  maxLatencyP99Ms: z.number().nullable(),
  minRequests: z.number().int(),
});
const servingObservation = z.object({
  requests: z.number().int(),
  errors: z.number().int(),
  latencyP99Ms: z.number().nullable(),
});
const rolloutWindow = z.object({
  windowId: uuid,
  start: z.string(),
  end: z.string(),
  trafficPercent: z.number().int(),
  candidate: servingObservation,
  baseline: servingObservation,
  verdict: z.enum(['PASS', 'FAIL', 'INSUFFICIENT']),
  /** Why the window failed (or could not be judged); empty when it passed. */
  findings: z.array(z.string()),
});
const rolloutDecision = {
  automatic: z.boolean(),
  fromPercent: z.number().int(),
  reason: z.string(),
  /** The window that decided it; null for a manual decision. */
  window: rolloutWindow.nullable(),
};

export const governanceEvents = new EventContract('governance', {
  /** A caller seen for the first time: their account now exists (first sign-in provisions it). */
  UserProvisioned: {
    subjectType: 'UserAccount',
    payload: z.object({
      subject: z.string(),
      kind: z.enum(['user', 'service']),
      email: z.string().nullable(),
    }),
  },
  /**
   * A membership managed in Cairn was granted or changed; `previous` is what it replaced. Subject
   * id is the membership row; `subject` is the member (a person's OIDC subject or
   * `service-account:<id>`).
   */
  TeamMembershipGranted: {
    subjectType: 'TeamMembership',
    payload: z.object({
      team: z.string(),
      subject: z.string(),
      role: teamRole,
      approver: z.boolean(),
      previous: membership.nullable(),
    }),
  },
  TeamMembershipRevoked: {
    subjectType: 'TeamMembership',
    payload: z.object({ team: z.string(), subject: z.string(), role: teamRole, approver: z.boolean() }),
  },
  ServiceAccountCreated: {
    subjectType: 'ServiceAccount',
    payload: z.object({ serviceAccountId: uuid, team: z.string(), name: z.string(), role: teamRole }),
  },
  /** Never carries the secret or its hash. */
  ApiTokenCreated: {
    subjectType: 'ApiToken',
    payload: z.object({
      tokenId: uuid,
      name: z.string(),
      ownerSubject: z.string().nullable(),
      serviceAccountId: uuid.nullable(),
      scopes: z.array(scope),
      expiresAt: z.string(),
    }),
  },
  ApiTokenRevoked: {
    subjectType: 'ApiToken',
    payload: z.object({
      tokenId: uuid,
      ownerSubject: z.string().nullable(),
      serviceAccountId: uuid.nullable(),
    }),
  },
  /** Someone asked a team for a role (naming one of its models, optionally). Subject id is the request. */
  AccessRequested: {
    subjectType: 'AccessRequest',
    payload: z.object({
      requestId: uuid,
      team: z.string(),
      requester: z.string(),
      role: teamRole,
      modelId: uuid.nullable(),
      justification: z.string(),
    }),
  },
  /** A maintainer granted it; the membership it created is its own `TeamMembershipGranted`. */
  AccessRequestGranted: {
    subjectType: 'AccessRequest',
    payload: z.object({
      requestId: uuid,
      team: z.string(),
      requester: z.string(),
      role: teamRole,
      comment: z.string(),
      membershipId: uuid.nullable(),
    }),
  },
  AccessRequestDenied: {
    subjectType: 'AccessRequest',
    payload: z.object({
      requestId: uuid,
      team: z.string(),
      requester: z.string(),
      role: teamRole,
      comment: z.string(),
    }),
  },
  AccessRequestWithdrawn: {
    subjectType: 'AccessRequest',
    payload: z.object({ requestId: uuid, team: z.string(), requester: z.string(), role: teamRole }),
  },
  /** A person asked for a new team (self-service onboarding). Subject id is the request. */
  TeamRequested: {
    subjectType: 'TeamRequest',
    payload: z.object({
      requestId: uuid,
      slug: z.string(),
      name: z.string(),
      requester: z.string(),
      justification: z.string(),
    }),
  },
  /**
   * A platform admin approved it: the registry creates the team from this event, and the
   * requester's maintainer membership is its own `TeamMembershipGranted`.
   */
  TeamRequestApproved: {
    subjectType: 'TeamRequest',
    payload: z.object({
      requestId: uuid,
      slug: z.string(),
      name: z.string(),
      requester: z.string(),
      membershipId: uuid,
    }),
  },
  TeamRequestRejected: {
    subjectType: 'TeamRequest',
    payload: z.object({
      requestId: uuid,
      slug: z.string(),
      name: z.string(),
      requester: z.string(),
      reason: z.string(),
    }),
  },
  StageTransitioned: {
    subjectType: 'ModelVersion',
    payload: z.object({
      modelVersionId: uuid,
      modelId: uuid,
      teamSlug: z.string(),
      from: stage,
      to: stage,
      reason: z.string().nullable(),
      /** The approved promotion request that made the move (moves into STAGING and PRODUCTION). */
      promotionRequestId: uuid.optional(),
      /** Set when a PRODUCTION version was deprecated because this other version replaced it. */
      supersededBy: uuid.optional(),
    }),
  },
  /** A maintainer set a model's risk tier; `from` is null the first time. Subject id is the model. */
  RiskTierChanged: {
    subjectType: 'Model',
    payload: z.object({
      modelId: uuid,
      teamSlug: z.string(),
      from: riskTier.nullable(),
      to: riskTier,
      reason: z.string(),
      /** A lowering: the request it carried out and the approver who decided it. */
      requestId: uuid.optional(),
      approvedBy: z.string().optional(),
    }),
  },
  /** A maintainer asked to lower a model's tier; an approver of the team decides. */
  RiskTierChangeRequested: {
    subjectType: 'Model',
    payload: z.object({
      requestId: uuid,
      modelId: uuid,
      teamSlug: z.string(),
      from: riskTier,
      to: riskTier,
      reason: z.string(),
    }),
  },
  RiskTierChangeRejected: {
    subjectType: 'Model',
    payload: z.object({
      requestId: uuid,
      modelId: uuid,
      teamSlug: z.string(),
      from: riskTier,
      to: riskTier,
      reason: z.string(),
    }),
  },
  /** A platform admin changed the approval policy of a risk tier and target stage (a new version). */
  ApprovalPolicyChanged: {
    subjectType: 'ApprovalPolicy',
    payload: z.object({
      policyId: uuid,
      riskTier,
      targetStage: promotionStage,
      version: z.number().int().positive(),
      requiredApprovals: z.number().int().positive(),
      requiredRoles: z.array(z.string()),
      namedApprovers: z.array(z.string()).nullable(),
    }),
  },
  /** An approval role (`security`, `risk`, …) given to or taken from someone. Subject id is `role:subject`. */
  ApprovalRoleGranted: {
    subjectType: 'ApprovalRole',
    payload: z.object({ role: z.string(), subject: z.string() }),
  },
  ApprovalRoleRevoked: {
    subjectType: 'ApprovalRole',
    payload: z.object({ role: z.string(), subject: z.string() }),
  },
  /** Someone asked to move a version into STAGING or PRODUCTION. Subject id is the request. */
  PromotionRequested: {
    subjectType: 'PromotionRequest',
    payload: promotionSummary.extend({ justification: z.string(), expiresAt: z.string() }),
  },
  /** One eligible approver approved, under the request's policy and manifest digest. */
  PromotionApproved: {
    subjectType: 'PromotionRequest',
    payload: promotionSummary.extend({
      approver: z.string(),
      comment: z.string().nullable(),
      approvalRoles: z.array(z.string()),
    }),
  },
  PromotionRejected: {
    subjectType: 'PromotionRequest',
    payload: promotionSummary.extend({ rejectedBy: z.string(), reason: z.string() }),
  },
  PromotionWithdrawn: {
    subjectType: 'PromotionRequest',
    payload: promotionSummary,
  },
  PromotionExpired: {
    subjectType: 'PromotionRequest',
    payload: promotionSummary,
  },
  /** The guardrails ran for a request; which policy bundle judged, and which checks failed. */
  GuardrailsEvaluated: {
    subjectType: 'PromotionRequest',
    payload: z.object({
      requestId: uuid,
      modelVersionId: uuid,
      bundleVersion: z.string(),
      riskTier,
      targetStage: promotionStage,
      passed: z.boolean(),
      failedChecks: z.array(z.string()),
    }),
  },
  /** PRODUCTION went back to an earlier approved version; both moves are StageTransitioned too. */
  ProductionRolledBack: {
    subjectType: 'PromotionRequest',
    payload: z.object({
      requestId: uuid,
      modelId: uuid,
      teamSlug: z.string(),
      fromVersionId: uuid,
      toVersionId: uuid,
      reason: z.string(),
    }),
  },
  /**
   * A canary of a PRODUCTION version (the candidate) against the version it replaced (the
   * baseline) started at the first traffic step. Subject id is the rollout.
   */
  RolloutStarted: {
    subjectType: 'Rollout',
    payload: rolloutSummary.extend({
      steps: z.array(z.number().int()),
      windowMinutes: z.number().int(),
      rules: rolloutRules,
      startedBy: z.string(),
    }),
  },
  /** A serving system reported a window at the current step; Cairn's verdict on it. */
  RolloutWindowReported: {
    subjectType: 'Rollout',
    payload: rolloutSummary.extend({ window: rolloutWindow }),
  },
  /** The rollout moved to the next traffic step: its window passed, or someone advanced it. */
  RolloutStepAdvanced: {
    subjectType: 'Rollout',
    payload: rolloutSummary.extend(rolloutDecision),
  },
  /** The candidate reached the last step (100 %): the rollout is over and the candidate stays. */
  RolloutCompleted: {
    subjectType: 'Rollout',
    payload: rolloutSummary.extend(rolloutDecision),
  },
  /**
   * The rollout stopped and PRODUCTION went back to the baseline (its ProductionRolledBack and
   * StageTransitioned events beside this): automatically when a window failed its rules (the
   * window and findings say why), or by an abort.
   */
  RolloutRolledBack: {
    subjectType: 'Rollout',
    payload: rolloutSummary.extend({
      ...rolloutDecision,
      /** The ROLLBACK promotion request that restored the baseline; null when PRODUCTION had moved already. */
      rollbackRequestId: uuid.nullable(),
    }),
  },
  /** The policy was met: the version moved (its StageTransitioned is published beside this). */
  PromotionCompleted: {
    subjectType: 'PromotionRequest',
    payload: promotionSummary.extend({ approvers: z.array(z.string()) }),
  },
  /**
   * A team's webhook subscription (outgoing, signed HTTP calls per event type). Subject id is the
   * subscription. None of these events carries the signing secret.
   */
  WebhookSubscriptionCreated: {
    subjectType: 'WebhookSubscription',
    payload: z.object({
      subscriptionId: uuid,
      teamSlug: z.string(),
      url: z.string(),
      eventTypes: z.array(z.string()),
    }),
  },
  WebhookSubscriptionUpdated: {
    subjectType: 'WebhookSubscription',
    payload: z.object({
      subscriptionId: uuid,
      teamSlug: z.string(),
      url: z.string(),
      eventTypes: z.array(z.string()),
    }),
  },
  WebhookSubscriptionDeleted: {
    subjectType: 'WebhookSubscription',
    payload: z.object({ subscriptionId: uuid, teamSlug: z.string(), url: z.string() }),
  },
  /** A maintainer turned a disabled subscription back on; its pending deliveries resume. */
  WebhookSubscriptionEnabled: {
    subjectType: 'WebhookSubscription',
    payload: z.object({ subscriptionId: uuid, teamSlug: z.string(), url: z.string() }),
  },
  /**
   * Its last `consecutiveFailures` deliveries all failed every attempt, so Cairn stopped calling
   * it (actor `cairn`). This event is how the team is told: it is delivered to the team's other
   * subscriptions that ask for it, and the subscription shows `disabledReason`.
   */
  WebhookSubscriptionDisabled: {
    subjectType: 'WebhookSubscription',
    payload: z.object({
      subscriptionId: uuid,
      teamSlug: z.string(),
      url: z.string(),
      reason: z.string(),
      consecutiveFailures: z.number().int().nonnegative(),
      createdBy: z.string(),
    }),
  },
  /** A new signing secret; the previous one also signs until `previousValidUntil`. */
  WebhookSecretRotated: {
    subjectType: 'WebhookSubscription',
    payload: z.object({ subscriptionId: uuid, teamSlug: z.string(), previousValidUntil: z.string() }),
  },
  /**
   * A public key is trusted to sign versions of a team's models (`team` null: of every team, a
   * platform key). Subject id is the key id, the SHA-256 hex of its canonical SPKI PEM.
   */
  SigningKeyRegistered: {
    subjectType: 'SigningKey',
    payload: z.object({
      keyId: z.string().regex(/^[0-9a-f]{64}$/),
      team: z.string().nullable(),
      name: z.string(),
      publicKeyPem: z.string(),
    }),
  },
  /** A key was replaced: what it signed before `retiredAt` stays trusted, nothing after. */
  SigningKeyRotated: {
    subjectType: 'SigningKey',
    payload: z.object({
      keyId: z.string().regex(/^[0-9a-f]{64}$/),
      team: z.string().nullable(),
      replacedBy: z.string().regex(/^[0-9a-f]{64}$/),
      retiredAt: z.string(),
    }),
  },
  /** A key is no longer trusted for signatures made from `effectiveFrom` on (which may be backdated). */
  SigningKeyRevoked: {
    subjectType: 'SigningKey',
    payload: z.object({
      keyId: z.string().regex(/^[0-9a-f]{64}$/),
      team: z.string().nullable(),
      reason: z.string(),
      effectiveFrom: z.string(),
    }),
  },
});

export const GovernanceEvents = governanceEvents.types;
export type StageTransitionedPayload = z.output<typeof governanceEvents.kinds.StageTransitioned.payload>;
export type TeamMembershipGrantedPayload = z.output<
  typeof governanceEvents.kinds.TeamMembershipGranted.payload
>;
export type TeamMembershipRevokedPayload = z.output<
  typeof governanceEvents.kinds.TeamMembershipRevoked.payload
>;
/** A reported rollout window as the rollout events carry it. */
export type RolloutWindowPayload = z.output<typeof rolloutWindow>;
