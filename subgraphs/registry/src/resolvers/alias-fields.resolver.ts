import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Model } from '../entities/model.entity';
import { ModelAlias } from '../entities/model-alias.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { MAX_ALIASES_PER_MODEL } from '../services/alias-rules';

/** The alias fields of models and versions; both lists are bounded by the aliases a model may have. */
@Authorized()
@Resolver(() => Model)
export class ModelAliasesResolver {
  @FieldResolver(() => [ModelAlias], {
    description: `The model’s aliases now, by name; at most ${MAX_ALIASES_PER_MODEL}.`,
  })
  aliases(@Root() model: Model, @Ctx() ctx: RegistryContext): Promise<ModelAlias[]> {
    return ctx.loaders.aliasesByModelId.load(model.id);
  }
}

@Authorized()
@Resolver(() => ModelVersion)
export class ModelVersionAliasesResolver {
  @FieldResolver(() => [ModelAlias], { description: 'The aliases naming this version now, by name.' })
  aliases(@Root() version: ModelVersion, @Ctx() ctx: RegistryContext): Promise<ModelAlias[]> {
    return ctx.loaders.aliasesByVersionId.load(version.id);
  }
}
