import { Authorized, FieldResolver, Resolver, Root } from 'type-graphql';
import { ModelVersion } from './model-version.type';
import { ModelVersionLineage } from './model-version-lineage.type';

@Authorized()
@Resolver(() => ModelVersion)
export class ModelVersionResolver {
  @FieldResolver(() => ModelVersionLineage)
  lineage(@Root() version: ModelVersion): ModelVersionLineage {
    return { modelVersionId: version.id };
  }
}
