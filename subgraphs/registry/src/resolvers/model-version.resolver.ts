import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Model } from '../entities/model.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { CreateModelVersionInput } from './inputs/create-model-version.input';

@Authorized()
@Resolver(() => ModelVersion)
export class ModelVersionResolver {
  @Query(() => ModelVersion)
  modelVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: RegistryContext): Promise<ModelVersion> {
    return ctx.services.versions.getById(ctx.principal, id);
  }

  @Mutation(() => ModelVersion, {
    description: 'Creates the next version of a model, numbered without gaps.',
  })
  createModelVersion(
    @Arg('input') input: CreateModelVersionInput,
    @Ctx() ctx: RegistryContext,
  ): Promise<ModelVersion> {
    return ctx.services.versions.create(ctx.principal, input);
  }

  @FieldResolver(() => Model)
  async model(@Root() version: ModelVersion, @Ctx() ctx: RegistryContext): Promise<Model> {
    // Versions reach the caller only through the same visibility rule, so their model loads.
    return (await ctx.loaders.modelById.load(version.modelId))!;
  }
}
