import { type Connection, FIRST_DESCRIPTION, pageArgs, pageKey } from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Model } from '../entities/model.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { Team } from '../entities/team.entity';
import { Visibility } from '../entities/visibility';
import { versionCursor } from '../loaders/version-cursor';
import { MAX_VISIBILITY_REASON_LENGTH } from '../services/catalog-rules';
import { RegisterModelInput } from './inputs/register-model.input';
import { ModelConnection, ModelVersionConnection } from './model-connection.type';

@Authorized()
@Resolver(() => Model)
export class ModelResolver {
  @Query(() => Model, { description: 'NOT_FOUND also for a model the caller may not see.' })
  model(@Arg('id', () => ID) id: string, @Ctx() ctx: RegistryContext): Promise<Model> {
    return ctx.services.models.getById(ctx.principal, id);
  }

  @Query(() => ModelConnection, {
    description: 'Models the caller may see, ordered by name, with cursor pagination.',
  })
  async models(
    @Ctx() ctx: RegistryContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; 20 by default.' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('team', () => String, { nullable: true, description: 'Only this team’s models.' }) team?: string,
    @Arg('includeArchived', () => Boolean, {
      nullable: true,
      description: 'Archived models too; by default they are left out, of the total as well.',
    })
    includeArchived?: boolean | null,
  ): Promise<ModelConnection> {
    const page = await ctx.services.models.page(ctx.principal, { first, after, team, includeArchived });
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

  @Mutation(() => Model, {
    description:
      'Makes a model PRIVATE or INTERNAL. Maintainers of its team (or platform admins), with the admin scope.',
  })
  setModelVisibility(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('visibility', () => Visibility) visibility: Visibility,
    @Ctx() ctx: RegistryContext,
    @Arg('reason', () => String, {
      nullable: true,
      description: `Recorded with the change; at most ${MAX_VISIBILITY_REASON_LENGTH} characters.`,
    })
    reason?: string | null,
  ): Promise<Model> {
    return ctx.services.visibility.setModelVisibility(ctx.principal, { modelId, visibility, reason });
  }

  @FieldResolver(() => Team)
  async team(@Root() model: Model, @Ctx() ctx: RegistryContext): Promise<Team> {
    return (await ctx.loaders.teamById.load(model.teamId))!;
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: 'The highest-numbered version.' })
  latestVersion(@Root() model: Model, @Ctx() ctx: RegistryContext): Promise<ModelVersion | null> {
    return ctx.loaders.latestVersionByModelId.load(model.id);
  }

  @FieldResolver(() => ModelVersionConnection, { description: 'Newest first.' })
  versions(
    @Root() model: Model,
    @Ctx() ctx: RegistryContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<ModelVersion>> {
    return ctx.loaders.versionPages.load(pageKey(model.id, pageArgs({ first, after }, versionCursor)));
  }
}
