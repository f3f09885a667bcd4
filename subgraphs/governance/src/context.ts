import type { SubgraphConfig } from '@cairn/config';
import type { ModelDirectory, VisibleVersions } from '@cairn/model-directory';
import type { BaseContext } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import type { GovernanceLoaders } from './loaders/governance-loaders';
import { createAccessServices } from './services/access/access-services';
import { AuditService } from './services/audit/audit.service';
import { ApprovalPolicyService } from './services/promotion/approval-policy.service';
import { PromotionService } from './services/promotion/promotion.service';
import { StageTransitionService } from './services/stage-transition.service';
import { createTrustServices } from './services/trust-services';

export function createGovernanceServices(
  dataSource: DataSource,
  directory: ModelDirectory,
  config: Pick<SubgraphConfig, 'PROMOTION_REQUEST_TTL_HOURS'>,
) {
  const transitions = new StageTransitionService(dataSource, directory);
  return {
    transitions,
    promotions: new PromotionService(dataSource, directory, transitions, {
      ttlHours: config.PROMOTION_REQUEST_TTL_HOURS,
    }),
    approvalPolicies: new ApprovalPolicyService(dataSource, directory),
    ...createAccessServices(dataSource),
    ...createTrustServices(dataSource, directory),
    audit: new AuditService(dataSource),
  };
}
export type GovernanceServices = ReturnType<typeof createGovernanceServices>;

export interface GovernanceContext extends BaseContext {
  services: GovernanceServices;
  visibleVersions: VisibleVersions;
  loaders: GovernanceLoaders;
}
