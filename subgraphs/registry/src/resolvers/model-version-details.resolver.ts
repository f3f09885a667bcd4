import { ConnectionType, FIRST_DESCRIPTION } from '@cairn/subgraph-kit';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Completeness, ModelCardType } from '../entities/model-card.type';
import { ModelVersion } from '../entities/model-version.entity';
import { ModelVersionFile } from '../entities/model-version-file.entity';

export const ModelVersionFileConnection = ConnectionType(
  ModelVersionFile,
  'ModelVersionFile',
  'How many files the version has.',
);

@Resolver(() => ModelVersion)
export class ModelVersionDetailsResolver {
  @FieldResolver(() => ModelVersionFileConnection, { description: 'The version’s files, in path order.' })
  files(
    @Root() version: ModelVersion,
    @Ctx() ctx: RegistryContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return ctx.services.versionDetails.files(version, { first, after });
  }

  @FieldResolver(() => ModelCardType, {
    nullable: true,
    description: 'The model card registered with this version.',
  })
  card(@Root() version: ModelVersion, @Ctx() ctx: RegistryContext): ModelCardType | null {
    return ctx.services.versionDetails.card(version);
  }

  @FieldResolver(() => Completeness, { description: 'Which model card sections are still empty.' })
  cardCompleteness(@Root() version: ModelVersion, @Ctx() ctx: RegistryContext): Completeness {
    return ctx.services.versionDetails.cardCompleteness(version);
  }

  @FieldResolver(() => Completeness, {
    description:
      'Whether the provenance names code, image, dependencies, datasets, hyperparameters, seed and environment.',
  })
  provenanceCompleteness(@Root() version: ModelVersion, @Ctx() ctx: RegistryContext): Completeness {
    return ctx.services.versionDetails.provenanceCompleteness(version);
  }
}
