import { buildFederatedSchema } from '@cairn/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import { ModelAliasesResolver, ModelVersionAliasesResolver } from './resolvers/alias-fields.resolver';
import { ArtifactUploadResolver } from './resolvers/artifact.resolver';
import {
  HousekeepingResolver,
  ModelArchiveResolver,
  ModelVersionDeprecationResolver,
  ModelVersionHousekeepingResolver,
  TeamRetentionResolver,
} from './resolvers/housekeeping.resolver';
import { ModelResolver } from './resolvers/model.resolver';
import { ModelAliasChangeResolver, ModelAliasResolver } from './resolvers/model-alias.resolver';
import { ModelSearchResolver } from './resolvers/model-search.resolver';
import { ModelVersionResolver } from './resolvers/model-version.resolver';
import { ModelVersionDetailsResolver } from './resolvers/model-version-details.resolver';
import { ModelVersionImportResolver } from './resolvers/model-version-import.resolver';
import { registryReferences } from './resolvers/references';
import { TeamResolver } from './resolvers/team.resolver';
import { VersionComparisonResolver } from './resolvers/version-comparison.resolver';
import { VersionSignatureResolver } from './resolvers/version-signature.resolver';

export function buildRegistrySchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      TeamResolver,
      ModelResolver,
      ModelVersionResolver,
      ModelVersionDetailsResolver,
      ModelVersionImportResolver,
      ArtifactUploadResolver,
      ModelSearchResolver,
      ModelAliasResolver,
      ModelAliasChangeResolver,
      ModelAliasesResolver,
      ModelVersionAliasesResolver,
      VersionComparisonResolver,
      HousekeepingResolver,
      ModelVersionHousekeepingResolver,
      ModelVersionDeprecationResolver,
      ModelArchiveResolver,
      TeamRetentionResolver,
      VersionSignatureResolver,
    ],
    referenceResolvers: registryReferences,
  });
}
