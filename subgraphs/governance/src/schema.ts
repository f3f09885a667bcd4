import { buildFederatedSchema } from '@cairn/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import { ACCESS_RESOLVERS } from './resolvers/access/access-resolvers';
import { ModelVersionStageResolver } from './resolvers/model-version-stage.resolver';
import { governanceReferences } from './resolvers/references';
import { TRUST_RESOLVERS } from './resolvers/trust/trust-resolvers';

export function buildGovernanceSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [ModelVersionStageResolver, ...ACCESS_RESOLVERS, ...TRUST_RESOLVERS],
    referenceResolvers: governanceReferences,
  });
}
