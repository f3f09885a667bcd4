import type { SubgraphConfig } from '@cairn/config';
import type { ModelDirectory, VisibleVersions } from '@cairn/model-directory';
import { createSigner, SignerHandle } from '@cairn/signing';
import type { BaseContext } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import type { GovernanceLoaders } from './loaders/governance-loaders';
import { createAccessServices } from './services/access/access-services';
import { AuditService } from './services/audit/audit.service';
import { ApprovalPolicyService } from './services/promotion/approval-policy.service';
import { PromotionService } from './services/promotion/promotion.service';
import { RiskTierChangeService } from './services/promotion/risk-tier-change.service';
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
  return {
    signer,
    transitions,
    promotions: new PromotionService(dataSource, directory, transitions, {
      ttlHours: config.PROMOTION_REQUEST_TTL_HOURS,
      signer,
    }),
    approvalPolicies: new ApprovalPolicyService(dataSource, directory),
    riskTierChanges: new RiskTierChangeService(dataSource, directory),
    ...createAccessServices(dataSource),
    ...createTrustServices(dataSource, directory),
    ...createWebhookServices(dataSource, config),
    audit: new AuditService(dataSource),
  };
}
export type GovernanceServices = ReturnType<typeof createGovernanceServices>;

export interface GovernanceContext extends BaseContext {
  services: GovernanceServices;
  visibleVersions: VisibleVersions;
  loaders: GovernanceLoaders;
}
