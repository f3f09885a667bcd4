import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Model } from '../entities/model.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { Team } from '../entities/team.entity';
import { RegisterModelInput } from './inputs/register-model.input';
import { ModelConnection } from './model-connection.type';

@Authorized()
@Resolver(() => Model)
export class ModelResolver {
  @Query(() => Model)
  model(@Arg('id', () => ID) id: string, @Ctx() ctx: RegistryContext): Promise<Model> {
    return ctx.services.models.getById(id);
  }

  @Query(() => ModelConnection, { description: 'Models ordered by name, with cursor pagination.' })
  async models(
    @Ctx() ctx: RegistryContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; 20 by default.' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('team', () => String, { nullable: true, description: 'Only this team’s models.' }) team?: string,
  ): Promise<ModelConnection> {
    const page = await ctx.services.models.page({ first, after, team });
    return {
      edges: page.models.map(({ cursor, model }) => ({ cursor, node: model })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.models.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }

  @Mutation(() => Model)
  registerModel(@Arg('input') input: RegisterModelInput, @Ctx() ctx: RegistryContext): Promise<Model> {
    return ctx.services.models.register(ctx.principal, input);
  }

  @FieldResolver(() => Team)
  async team(@Root() model: Model, @Ctx() ctx: RegistryContext): Promise<Team> {
    return (await ctx.loaders.teamById.load(model.teamId))!;
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: 'The highest-numbered version.' })
  latestVersion(@Root() model: Model, @Ctx() ctx: RegistryContext): Promise<ModelVersion | null> {
    return ctx.loaders.latestVersionByModelId.load(model.id);
  }

  @FieldResolver(() => [ModelVersion], { description: 'Newest first.' })
  versions(@Root() model: Model, @Ctx() ctx: RegistryContext): Promise<ModelVersion[]> {
    return ctx.loaders.versionsByModelId.load(model.id);
  }
}
