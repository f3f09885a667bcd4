import type { SubgraphConfig } from '@cairn/config';
import type { ModelDirectory, VisibleVersions } from '@cairn/model-directory';
import { createSigner, SignerHandle } from '@cairn/signing';
import type { BaseContext } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import type { GovernanceLoaders } from './loaders/governance-loaders';
import { createAccessServices } from './services/access/access-services';
import { MembershipService } from './services/access/membership.service';
import { TeamDirectory } from './services/access/team-directory';
import { AuditService } from './services/audit/audit.service';
import { TeamRequestService } from './services/onboarding/team-request.service';
import { ApprovalPolicyService } from './services/promotion/approval-policy.service';
import { PromotionService } from './services/promotion/promotion.service';
import { RiskTierChangeService } from './services/promotion/risk-tier-change.service';
import { RolloutService } from './services/rollouts/rollout.service';
import { RolloutDecisions } from './services/rollouts/rollout-decisions';
import { StageTransitionService } from './services/stage-transition.service';
import { createTrustServices } from './services/trust-services';
import { createWebhookServices, type WebhookConfig } from './services/webhooks/webhook-services';

export function createGovernanceServices(
  dataSource: DataSource,
  directory: ModelDirectory,
  config: SubgraphConfig & WebhookConfig,
) {
  const transitions = new StageTransitionService(dataSource, directory);
  // Governance signs what it decides (promotion decision records) with its key.
  const signer = new SignerHandle(() => createSigner(config));
  const promotions = new PromotionService(dataSource, directory, transitions, {
    ttlHours: config.PROMOTION_REQUEST_TTL_HOURS,
    signer,
  });
  return {
    signer,
    transitions,
    promotions,
    // A rollout's rollback goes through the promotion service's, as a manual one does.
    rollouts: new RolloutService(
      dataSource,
      directory,
      transitions,
      new RolloutDecisions(directory, promotions),
    ),
    approvalPolicies: new ApprovalPolicyService(dataSource, directory),
    riskTierChanges: new RiskTierChangeService(dataSource, directory),
    ...createAccessServices(dataSource),
    ...createTrustServices(dataSource, directory),
    ...createWebhookServices(dataSource, config),
    audit: new AuditService(dataSource),
    teamRequests: new TeamRequestService(
      dataSource,
      new MembershipService(dataSource, new TeamDirectory(dataSource)),
    ),
  };
}
export type GovernanceServices = ReturnType<typeof createGovernanceServices>;

export interface GovernanceContext extends BaseContext {
  services: GovernanceServices;
  visibleVersions: VisibleVersions;
  loaders: GovernanceLoaders;
}
