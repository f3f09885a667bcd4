import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  Resolver,
  Root,
} from 'type-graphql';
import type { RegistryContext } from '../context';
import { Model } from '../entities/model.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { Team } from '../entities/team.entity';
import {
  MAX_HOUSEKEEPING_REASON_LENGTH,
  MAX_RETENTION_DAYS,
  retentionPolicyInputRules,
} from '../services/housekeeping-rules';
import {
  LegalHold,
  LegalHoldChange,
  ModelArchive,
  ModelVersionDeprecation,
  RetentionPolicy,
} from './housekeeping.types';

const REQUIRED_REASON = `Why, for the history; 1 to ${MAX_HOUSEKEEPING_REASON_LENGTH} characters.`;
const OPTIONAL_REASON = `Recorded in the history; at most ${MAX_HOUSEKEEPING_REASON_LENGTH} characters.`;

@InputType()
export class RetentionPolicyInput {
  static readonly schema = retentionPolicyInputRules;

  @Field(() => Int, {
    nullable: true,
    description: `1 to ${MAX_RETENTION_DAYS}; null or absent: the team's archived artifacts are kept forever.`,
  })
  purgeArchivedArtifactsAfterDays?: number | null;
}

/** Deprecation, archive, legal holds and retention: mutations, and the fields they show on. */
@Authorized()
@Resolver()
export class HousekeepingResolver {
  @Mutation(() => ModelVersion, {
    description:
      'Marks a version deprecated, optionally naming a later version of the same model as its successor. Maintainers of the model’s team.',
  })
  deprecateModelVersion(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('reason', { description: REQUIRED_REASON }) reason: string,
    @Ctx() ctx: RegistryContext,
    @Arg('successorVersionId', () => ID, { nullable: true }) successorVersionId?: string | null,
  ): Promise<ModelVersion> {
    return ctx.services.lifecycle.deprecate(ctx.principal, { versionId, reason, successorVersionId });
  }

  @Mutation(() => ModelVersion, { description: 'Lifts a deprecation. Maintainers of the model’s team.' })
  undeprecateModelVersion(
    @Arg('versionId', () => ID) versionId: string,
    @Ctx() ctx: RegistryContext,
    @Arg('reason', () => String, { nullable: true, description: OPTIONAL_REASON }) reason?: string | null,
  ): Promise<ModelVersion> {
    return ctx.services.lifecycle.undeprecate(ctx.principal, { versionId, reason });
  }

  @Mutation(() => Model, {
    description:
      'Makes the model and its versions read-only and leaves it out of default lists and searches. Maintainers of its team, with the admin scope.',
  })
  archiveModel(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('reason', { description: REQUIRED_REASON }) reason: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<Model> {
    return ctx.services.lifecycle.archive(ctx.principal, { modelId, reason });
  }

  @Mutation(() => Model, {
    description: 'Ends an archive. Maintainers of the model’s team, with the admin scope.',
  })
  unarchiveModel(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: RegistryContext,
    @Arg('reason', () => String, { nullable: true, description: OPTIONAL_REASON }) reason?: string | null,
  ): Promise<Model> {
    return ctx.services.lifecycle.unarchive(ctx.principal, { modelId, reason });
  }

  @Mutation(() => ModelVersion, {
    description:
      'Places a legal hold: no purge or deletion touches the version’s artifacts until it is released. Platform admins and auditors.',
  })
  placeLegalHold(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('reason', { description: REQUIRED_REASON }) reason: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<ModelVersion> {
    return ctx.services.legalHolds.place(ctx.principal, { versionId, reason });
  }

  @Mutation(() => ModelVersion, { description: 'Releases a legal hold. Platform admins only.' })
  releaseLegalHold(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('reason', { description: REQUIRED_REASON }) reason: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<ModelVersion> {
    return ctx.services.legalHolds.release(ctx.principal, { versionId, reason });
  }

  @Mutation(() => Team, {
    description:
      'How long the team keeps the artifacts of its archived models’ versions. Maintainers of the team, with the admin scope.',
  })
  setRetentionPolicy(
    @Arg('team', { description: 'Team slug.' }) team: string,
    @Arg('policy', () => RetentionPolicyInput) policy: RetentionPolicyInput,
    @Ctx() ctx: RegistryContext,
  ): Promise<Team> {
    return ctx.services.retention.setPolicy(ctx.principal, {
      team,
      purgeArchivedArtifactsAfterDays: policy.purgeArchivedArtifactsAfterDays,
    });
  }
}

@Authorized()
@Resolver(() => ModelVersion)
export class ModelVersionHousekeepingResolver {
  @FieldResolver(() => ModelVersionDeprecation, { nullable: true, description: 'Null unless deprecated.' })
  deprecation(@Root() version: ModelVersion, @Ctx() ctx: RegistryContext) {
    return ctx.housekeeping.deprecationByVersionId.load(version.id);
  }

  @FieldResolver(() => LegalHold, { nullable: true, description: 'Null unless under legal hold.' })
  legalHold(@Root() version: ModelVersion, @Ctx() ctx: RegistryContext) {
    return ctx.housekeeping.legalHoldByVersionId.load(version.id);
  }

  @FieldResolver(() => [LegalHoldChange], { description: 'Every placement and release, newest first.' })
  legalHoldHistory(@Root() version: ModelVersion, @Ctx() ctx: RegistryContext) {
    return ctx.housekeeping.legalHoldHistoryByVersionId.load(version.id);
  }
}

@Authorized()
@Resolver(() => ModelVersionDeprecation)
export class ModelVersionDeprecationResolver {
  @FieldResolver(() => ModelVersion, { nullable: true, description: 'The version to use instead, if named.' })
  successor(@Root() deprecation: ModelVersionDeprecation, @Ctx() ctx: RegistryContext) {
    return deprecation.successorVersionId
      ? ctx.loaders.versionById.load(deprecation.successorVersionId)
      : null;
  }
}

@Authorized()
@Resolver(() => Model)
export class ModelArchiveResolver {
  @FieldResolver(() => ModelArchive, { nullable: true, description: 'Null unless archived.' })
  archive(@Root() model: Model): ModelArchive | null {
    if (!model.archivedAt) return null;
    return { reason: model.archiveReason ?? '', by: model.archivedBy ?? '', at: model.archivedAt };
  }
}

@Authorized()
@Resolver(() => Team)
export class TeamRetentionResolver {
  @FieldResolver(() => RetentionPolicy, {
    nullable: true,
    description: 'Null: the team’s archived artifacts are kept forever.',
  })
  retentionPolicy(@Root() team: Team, @Ctx() ctx: RegistryContext) {
    return ctx.housekeeping.retentionPolicyByTeamId.load(team.id);
  }
}
