import { buildFederatedSchema } from '@cairn/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import { DatasetResolver } from './resolvers/dataset.resolver';
import { ModelVersionResolver } from './resolvers/model-version.resolver';
import { ModelVersionLineageResolver } from './resolvers/model-version-lineage.resolver';
import { lineageReferences } from './resolvers/references';
import { TrainingRunResolver } from './resolvers/training-run.resolver';

export function buildLineageSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [DatasetResolver, TrainingRunResolver, ModelVersionResolver, ModelVersionLineageResolver],
    referenceResolvers: lineageReferences,
  });
}
