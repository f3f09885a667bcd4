import { FIRST_DESCRIPTION } from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context';
import { ModelAlias } from '../entities/model-alias.entity';
import { ModelAliasChange } from '../entities/model-alias-change.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { MAX_ALIAS_REASON_LENGTH } from '../services/alias-rules';
import { SetModelAliasInput } from './inputs/set-model-alias.input';
import { ModelAliasChangeConnection } from './model-alias-connection.type';

const REQUIRED_REASON = `Why, for the history; 1 to ${MAX_ALIAS_REASON_LENGTH} characters.`;
const OPTIONAL_REASON = `Recorded in the history; at most ${MAX_ALIAS_REASON_LENGTH} characters.`;

@Authorized()
@Resolver(() => ModelAlias)
export class ModelAliasResolver {
  @Query(() => ModelVersion, {
    description:
      'The version an alias names now, or at `at` (from its history). `latest` is the highest-numbered version. NOT_FOUND when it named none.',
  })
  modelVersionByAlias(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('alias') alias: string,
    @Ctx() ctx: RegistryContext,
    @Arg('at', () => Date, { nullable: true }) at?: Date | null,
  ): Promise<ModelVersion> {
    return ctx.services.aliasQueries.resolve(ctx.principal, { modelId, alias, at });
  }

  @Query(() => ModelAliasChangeConnection, {
    description: 'Every change to the model’s aliases (or to one of them), newest first.',
  })
  aliasHistory(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: RegistryContext,
    @Arg('alias', () => String, { nullable: true }) alias?: string | null,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return ctx.services.aliasQueries.history(ctx.principal, { modelId, alias, first, after });
  }

  @Mutation(() => ModelAlias, {
    description:
      'Creates the alias or moves it to another version of the same model. Contributors of the model’s team; maintainers for a protected alias.',
  })
  setModelAlias(@Arg('input') input: SetModelAliasInput, @Ctx() ctx: RegistryContext): Promise<ModelAlias> {
    return ctx.services.aliases.set(ctx.principal, input);
  }

  @Mutation(() => ModelAliasChange, {
    description: 'Removes the alias; its history stays. Returns the history entry of the deletion.',
  })
  deleteModelAlias(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('alias') alias: string,
    @Arg('reason', { description: REQUIRED_REASON }) reason: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<ModelAliasChange> {
    return ctx.services.aliases.delete(ctx.principal, { modelId, alias, reason });
  }

  @Mutation(() => ModelAlias, {
    description:
      'Points the alias back at the version before its last change of target, in one recorded action (a second rollback undoes the first). FAILED_PRECONDITION when there is none.',
  })
  rollbackModelAlias(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('alias') alias: string,
    @Arg('reason', { description: REQUIRED_REASON }) reason: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<ModelAlias> {
    return ctx.services.aliases.rollback(ctx.principal, { modelId, alias, reason });
  }

  @Mutation(() => ModelAlias, {
    description:
      'Protects an alias (only maintainers change it then) or lifts that. Maintainers of the team.',
  })
  setModelAliasProtection(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('alias') alias: string,
    @Arg('protected') isProtected: boolean,
    @Ctx() ctx: RegistryContext,
    @Arg('reason', () => String, { nullable: true, description: OPTIONAL_REASON }) reason?: string | null,
  ): Promise<ModelAlias> {
    return ctx.services.aliases.setProtection(ctx.principal, {
      modelId,
      alias,
      protected: isProtected,
      reason,
    });
  }

  @FieldResolver(() => ModelVersion)
  async version(@Root() alias: ModelAlias, @Ctx() ctx: RegistryContext): Promise<ModelVersion> {
    // An alias reaches the caller only through a model they may see, so its version loads.
    return (await ctx.loaders.versionById.load(alias.modelVersionId))!;
  }
}

@Authorized()
@Resolver(() => ModelAliasChange)
export class ModelAliasChangeResolver {
  @FieldResolver(() => ModelVersion, { nullable: true, description: 'Null for SET.' })
  fromVersion(@Root() change: ModelAliasChange, @Ctx() ctx: RegistryContext): Promise<ModelVersion | null> {
    return change.fromVersionId ? ctx.loaders.versionById.load(change.fromVersionId) : Promise.resolve(null);
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: 'Null for DELETE.' })
  toVersion(@Root() change: ModelAliasChange, @Ctx() ctx: RegistryContext): Promise<ModelVersion | null> {
    return change.toVersionId ? ctx.loaders.versionById.load(change.toVersionId) : Promise.resolve(null);
  }
}
