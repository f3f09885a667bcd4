import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';

export const DistributionSource = { TRAINING: 'TRAINING', EVALUATION: 'EVALUATION' } as const;
export type DistributionSource = (typeof DistributionSource)[keyof typeof DistributionSource];
registerEnumType(DistributionSource, {
  name: 'DistributionSource',
  description: 'Where reference histograms came from.',
});

export const DistributionRole = { FEATURE: 'FEATURE', PREDICTION: 'PREDICTION' } as const;
export type DistributionRole = (typeof DistributionRole)[keyof typeof DistributionRole];
registerEnumType(DistributionRole, {
  name: 'DistributionRole',
  description: 'An input feature or the model’s output.',
});

export const DriftResolutionKind = {
  HEALTHY_WINDOW: 'HEALTHY_WINDOW',
  ACKNOWLEDGED: 'ACKNOWLEDGED',
} as const;
export type DriftResolutionKind = (typeof DriftResolutionKind)[keyof typeof DriftResolutionKind];
registerEnumType(DriftResolutionKind, {
  name: 'DriftResolutionKind',
  description:
    'HEALTHY_WINDOW: a later window of the version was under every threshold; ACKNOWLEDGED: a contributor closed it.',
});

@ObjectType({ description: 'One feature of a production window against its reference.' })
export class FeatureDrift {
  @Field()
  feature: string;

  @Field(() => Float, { description: `Population stability index (proportions below 1e-4 count as 1e-4).` })
  psi: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Two-sample Kolmogorov–Smirnov statistic over the binned CDFs (numeric features); null for categorical ones.',
  })
  ks: number | null;

  @Field({ description: 'PSI or KS reached its threshold.' })
  drifted: boolean;
}

@ObjectType()
export class DriftAlarmResolution {
  @Field(() => DriftResolutionKind)
  resolution: DriftResolutionKind;

  @Field(() => ID, { nullable: true, description: 'The healthy window that resolved it.' })
  windowId: string | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field()
  resolvedBy: string;

  @Field()
  resolvedAt: Date;
}

@ObjectType({
  description: 'A production window drifted; open until a later healthy window or an acknowledgement.',
})
export class DriftAlarm {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  modelVersionId: string;

  @Field(() => ID)
  windowId: string;

  @Field()
  windowStart: Date;

  @Field()
  windowEnd: Date;

  @Field()
  raisedAt: Date;

  @Field(() => [FeatureDrift], { description: 'The drifted features, by name.' })
  features: FeatureDrift[];

  @Field(() => DriftAlarmResolution, { nullable: true, description: 'Null while open.' })
  resolution: DriftAlarmResolution | null;
}

@ObjectType({ description: 'A dataset that fed the version, as lineage registered it.' })
export class SuggestedDataset {
  @Field(() => ID)
  datasetId: string;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true })
  uri: string | null;

  @Field(() => String, { nullable: true })
  checksum: string | null;
}

@ObjectType()
export class SuggestedTrainingRun {
  @Field(() => ID)
  runId: string;

  @Field(() => [ID])
  datasetIds: string[];
}

@ObjectType({
  description: 'What to retrain from after a drift alarm: the version’s lineage and the drifted features.',
})
export class RetrainSuggestion {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  alarmId: string;

  @Field(() => ID)
  modelVersionId: string;

  @Field(() => [SuggestedDataset])
  datasets: SuggestedDataset[];

  @Field(() => [SuggestedTrainingRun])
  trainingRuns: SuggestedTrainingRun[];

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The version’s provenance as registered.' })
  provenance: Record<string, unknown> | null;

  @Field(() => [FeatureDrift])
  features: FeatureDrift[];

  @Field()
  createdAt: Date;
}

@ObjectType()
export class ProductionHistogram {
  @Field(() => [Float], { description: 'Aligned with the reference’s bins.' })
  counts: number[];

  @Field(() => Float)
  psi: number;

  @Field(() => Float, { nullable: true })
  ks: number | null;

  @Field()
  drifted: boolean;

  @Field()
  windowStart: Date;

  @Field()
  windowEnd: Date;
}

@ObjectType({
  description:
    'A feature’s reference histogram against the latest production window that reported it, for charts.',
})
export class FeatureDistribution {
  @Field()
  feature: string;

  @Field(() => DistributionRole)
  role: DistributionRole;

  @Field(() => [Float], { nullable: true, description: 'Numeric features: one more edge than bins.' })
  binEdges: number[] | null;

  @Field(() => [String], { nullable: true, description: 'Categorical features: one label per bin.' })
  labels: string[] | null;

  @Field(() => [Float])
  referenceCounts: number[];

  @Field(() => ProductionHistogram, {
    nullable: true,
    description: 'Null until a window reported the feature.',
  })
  production: ProductionHistogram | null;
}

@ObjectType()
export class ProductionWindowReport {
  @Field(() => ID)
  windowId: string;

  @Field()
  drifted: boolean;

  @Field(() => [FeatureDrift])
  features: FeatureDrift[];

  @Field(() => DriftAlarm, {
    nullable: true,
    description: 'The version’s open alarm after this window, if any.',
  })
  openAlarm: DriftAlarm | null;
}
