import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Why a version should no longer be used, and what to use instead.' })
export class ModelVersionDeprecation {
  @Field()
  reason: string;

  @Field({ description: 'Who deprecated it.' })
  by: string;

  @Field()
  at: Date;

  /** Loaded by `successor`; null when none was named. */
  successorVersionId: string | null;
}

@ObjectType({
  description: 'An archived model and its versions are read-only and left out of default lists and searches.',
})
export class ModelArchive {
  @Field()
  reason: string;

  @Field({ description: 'Who archived it.' })
  by: string;

  @Field()
  at: Date;
}

@ObjectType({ description: 'While held, no purge or deletion touches the version’s artifacts.' })
export class LegalHold {
  @Field()
  reason: string;

  @Field()
  placedBy: string;

  @Field()
  placedAt: Date;
}

@ObjectType({ description: 'One placement or release of a legal hold.' })
export class LegalHoldChange {
  @Field({ description: '`PLACE_LEGAL_HOLD` or `RELEASE_LEGAL_HOLD`.' })
  action: string;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field()
  actor: string;

  @Field()
  at: Date;
}

@ObjectType({ description: 'How long a team keeps the artifacts of its archived models’ versions.' })
export class RetentionPolicy {
  @Field(() => Int, {
    description:
      'Days after its model’s archive that a version’s artifacts are purged, unless held, behind an alias, in PRODUCTION or shared with a version still in use.',
  })
  purgeArchivedArtifactsAfterDays: number;

  @Field()
  updatedBy: string;

  @Field()
  updatedAt: Date;
}
