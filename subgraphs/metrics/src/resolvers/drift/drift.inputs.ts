import { ArgsType, Field, Float, ID, InputType } from 'type-graphql';
import {
  registerReferenceRules,
  reportWindowRules,
  resolveAlarmRules,
} from '../../services/drift/drift-rules';
import { DistributionRole, DistributionSource } from './drift.types';

const LIMITS = 'At most 200 bins; counts are whole numbers ≥ 0, not all 0.';

@InputType({ description: `A binned histogram: binEdges (numeric) or categories (categorical). ${LIMITS}` })
export class HistogramInput {
  @Field()
  feature: string;

  @Field(() => [Float], { nullable: true, description: 'Strictly increasing; one more than counts.' })
  binEdges?: number[] | null;

  @Field(() => [String], { nullable: true, description: 'Distinct; one per count.' })
  categories?: string[] | null;

  @Field(() => [Float])
  counts: number[];
}

@InputType()
export class ReferenceHistogramInput extends HistogramInput {
  @Field(() => DistributionRole, { nullable: true, description: 'FEATURE unless given.' })
  role?: DistributionRole | null;
}

@InputType({ description: 'Per-version overrides of the configured drift thresholds.' })
export class DriftThresholdsInput {
  @Field(() => Float, {
    nullable: true,
    description: 'PSI at or over this is drift; default DRIFT_PSI_THRESHOLD (0.2).',
  })
  psi?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'KS at or over this is drift; default DRIFT_KS_THRESHOLD (0.1).',
  })
  ks?: number | null;
}

@InputType()
export class ProductionWindowInput {
  @Field()
  start: Date;

  @Field({ description: 'After start; at most 31 days later.' })
  end: Date;
}

@ArgsType()
export class RegisterReferenceDistributionsArgs {
  static readonly schema = registerReferenceRules;

  @Field(() => ID)
  modelVersionId: string;

  @Field(() => DistributionSource)
  source: DistributionSource;

  @Field(() => [ReferenceHistogramInput], { description: '1 to 100 features, each named once.' })
  features: ReferenceHistogramInput[];

  @Field(() => DriftThresholdsInput, { nullable: true })
  thresholds?: DriftThresholdsInput | null;
}

@ArgsType()
export class ReportProductionWindowArgs {
  static readonly schema = reportWindowRules;

  @Field(() => ID)
  modelVersionId: string;

  @Field(() => ProductionWindowInput)
  window: ProductionWindowInput;

  @Field(() => [HistogramInput], { description: '1 to 100 features, binned like their references.' })
  features: HistogramInput[];
}

@ArgsType()
export class AcknowledgeDriftAlarmArgs {
  static readonly schema = resolveAlarmRules;

  @Field(() => ID)
  alarmId: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
