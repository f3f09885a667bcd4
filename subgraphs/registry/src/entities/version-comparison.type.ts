import { GraphQLJSON, GraphQLSafeInt } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ModelVersion } from './model-version.entity';

export enum ChangeKind {
  SAME = 'SAME',
  CHANGED = 'CHANGED',
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
}

registerEnumType(ChangeKind, {
  name: 'ChangeKind',
  description: 'How a version’s value stands against the baseline’s (the first version compared).',
});

@ObjectType({ description: 'One field across the compared versions, baseline first.' })
export class ValueDifference {
  @Field({ description: 'Dotted path, e.g. `optimizer.lr`, `code.commit`, `intendedUse`.' })
  key: string;

  @Field(() => [GraphQLJSON], {
    nullable: 'items',
    description: 'The value per version, in `versionIds` order; null where a version lacks it.',
  })
  values: unknown[];

  @Field({ description: 'Whether every version holds the same value.' })
  same: boolean;
}

@ObjectType({ description: 'One package across the compared versions.' })
export class DependencyDifference {
  @Field(() => String, { nullable: true, description: 'e.g. `pypi`, `npm`; null when not given.' })
  ecosystem: string | null;

  @Field()
  name: string;

  @Field(() => [String], {
    nullable: 'items',
    description: 'The installed version per compared version (`, `-joined when several); null when absent.',
  })
  versions: (string | null)[];

  @Field(() => [ChangeKind], { description: 'Per compared version, against the baseline.' })
  changes: ChangeKind[];
}

@ObjectType()
export class PackageRef {
  @Field(() => String, { nullable: true })
  ecosystem: string | null;

  @Field()
  name: string;

  @Field()
  version: string;
}

@ObjectType()
export class PackageChange {
  @Field(() => String, { nullable: true })
  ecosystem: string | null;

  @Field()
  name: string;

  @Field()
  from: string;

  @Field()
  to: string;
}

@ObjectType({ description: 'One compared version’s packages against the baseline’s.' })
export class DependencyChanges {
  @Field(() => ID)
  versionId: string;

  @Field(() => [PackageRef])
  added: PackageRef[];

  @Field(() => [PackageRef])
  removed: PackageRef[];

  @Field(() => [PackageChange])
  changed: PackageChange[];
}

@ObjectType({ description: 'One file path across the compared versions.' })
export class ArtifactDifference {
  @Field()
  path: string;

  @Field(() => [String], { nullable: 'items', description: '`sha256:<hex>` per version; null when absent.' })
  digests: (string | null)[];

  @Field(() => [GraphQLSafeInt], { nullable: 'items', description: 'Bytes per version; null when absent.' })
  sizes: (number | null)[];

  @Field(() => [ChangeKind], { description: 'Per compared version: same or changed digest, added, removed.' })
  changes: ChangeKind[];
}

/**
 * A comparison is identified by what was asked: the versions in order and whether only
 * differences are kept. That key lets the metrics subgraph add `metrics` to the same answer
 * without the registry reading metrics or metrics reading the registry.
 */
@ObjectType({
  description:
    'Two to ten versions of one model lined up against the first (the baseline). Every list inside is indexed like `versionIds`.',
})
@Directive('@key(fields: "versionIds onlyDifferences")')
export class VersionComparison {
  @Field(() => [ID], { description: 'The compared versions, baseline first, as asked.' })
  versionIds: string[];

  @Field({ description: 'Whether rows where every version agrees are left out.' })
  onlyDifferences: boolean;

  @Field(() => [ModelVersion], { description: 'The compared versions, in `versionIds` order.' })
  versions: ModelVersion[];

  @Field(() => [ValueDifference], {
    description: 'Hyperparameters (falling back to `provenance.hyperparameters`), flattened to dotted keys.',
  })
  hyperparameters: ValueDifference[];

  @Field(() => [ValueDifference], {
    description:
      'Provenance other than hyperparameters and packages: code, image, datasets (by URI), seed, environment.',
  })
  provenance: ValueDifference[];

  @Field(() => [DependencyDifference], { description: 'Packages from `provenance.dependencies`, by name.' })
  dependencies: DependencyDifference[];

  @Field(() => [DependencyChanges], {
    description: 'For each version after the baseline: packages added, removed and changed.',
  })
  dependencyChanges: DependencyChanges[];

  @Field(() => [ArtifactDifference], {
    description: 'Files by path: same or changed digest, added, removed.',
  })
  artifacts: ArtifactDifference[];

  @Field(() => [ValueDifference], { description: 'Model card sections and owners.' })
  card: ValueDifference[];
}
