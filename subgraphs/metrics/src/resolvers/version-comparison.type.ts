import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';

/**
 * The registry's comparison as metrics sees it: only its key (the versions, baseline first, and
 * whether only differences are kept), to which metrics contributes `metrics`.
 */
@ObjectType('VersionComparison')
@Directive('@key(fields: "versionIds onlyDifferences")')
export class VersionComparison {
  @Field(() => [ID])
  versionIds: string[];

  @Field()
  onlyDifferences: boolean;
}

@ObjectType({ description: 'One metric on one dataset across the compared versions.' })
export class MetricComparison {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  dataset: string | null;

  @Field(() => [Float], {
    nullable: 'items',
    description: 'The latest value per version, in `versionIds` order; null where a version has none.',
  })
  values: (number | null)[];

  @Field(() => [Float], {
    nullable: 'items',
    description: 'Value minus the baseline’s value (0 for the baseline); null where either is missing.',
  })
  deltas: (number | null)[];
}
