import { buildFederatedSchema } from '@cairn/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import { ACCESS_RESOLVERS } from './resolvers/access/access-resolvers';
import { AuditResolver } from './resolvers/audit/audit.resolver';
import { ModelVersionStageResolver } from './resolvers/model-version-stage.resolver';
import { TeamRequestResolver } from './resolvers/onboarding/team-request.resolver';
import {
  ApprovalPolicyResolver,
  Model,
  ModelRiskResolver,
} from './resolvers/promotion/approval-policy.resolver';
import {
  ModelVersionPromotionResolver,
  PromotionRequestResolver,
} from './resolvers/promotion/promotion.resolver';
import {
  ModelPendingTierResolver,
  ModelRiskTierResolver,
  RiskTierChangeResolver,
} from './resolvers/promotion/risk-tier-change.resolver';
import { governanceReferences } from './resolvers/references';
import { ModelRolloutResolver, RolloutResolver } from './resolvers/rollouts/rollout.resolver';
import { SigningKeyResolver } from './resolvers/signing-keys/signing-key.resolver';
import { TRUST_RESOLVERS } from './resolvers/trust/trust-resolvers';
import { WebhookResolver } from './resolvers/webhooks/webhook.resolver';

export function buildGovernanceSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      ModelVersionStageResolver,
      PromotionRequestResolver,
      ModelVersionPromotionResolver,
      ApprovalPolicyResolver,
      ModelRiskResolver,
      ModelRiskTierResolver,
      ModelPendingTierResolver,
      RiskTierChangeResolver,
      ...ACCESS_RESOLVERS,
      ...TRUST_RESOLVERS,
      WebhookResolver,
      SigningKeyResolver,
      AuditResolver,
      RolloutResolver,
      ModelRolloutResolver,
      TeamRequestResolver,
    ],
    // Model is reached only through federation, never from a governance field.
    orphanedTypes: [Model],
    referenceResolvers: governanceReferences,
  });
}
