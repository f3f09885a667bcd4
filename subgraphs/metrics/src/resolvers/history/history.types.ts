import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export const HistoricalStage = { STAGING: 'STAGING', PRODUCTION: 'PRODUCTION' } as const;
export type HistoricalStage = (typeof HistoricalStage)[keyof typeof HistoricalStage];
registerEnumType(HistoricalStage, {
  name: 'HistoricalStage',
  description: 'The stage an imported promotion aimed at.',
});

export const HistoricalOutcome = {
  COMPLETED: 'COMPLETED',
  REJECTED: 'REJECTED',
  WITHDRAWN: 'WITHDRAWN',
} as const;
export type HistoricalOutcome = (typeof HistoricalOutcome)[keyof typeof HistoricalOutcome];
registerEnumType(HistoricalOutcome, {
  name: 'HistoricalOutcome',
  description: 'How an imported promotion ended: COMPLETED (it went live), REJECTED or WITHDRAWN.',
});

/** The registry's enum, declared alike here: federation merges the two. */
export const Visibility = { PRIVATE: 'PRIVATE', INTERNAL: 'INTERNAL' } as const;
export type Visibility = (typeof Visibility)[keyof typeof Visibility];
registerEnumType(Visibility, {
  name: 'Visibility',
  description: 'Who may see a model.',
  valuesConfig: {
    PRIVATE: { description: 'Its team’s members, platform admins and auditors.' },
    INTERNAL: { description: 'Everyone signed in.' },
  },
});

@InputType({ description: 'One promotion request of an imported version, as it was decided on the source.' })
export class HistoricalPromotionInput {
  @Field(() => HistoricalStage)
  targetStage: HistoricalStage;

  @Field({ description: 'Not before the version’s registeredAt.' })
  requestedAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'The first approval; for a COMPLETED promotion, decidedAt if omitted.',
  })
  firstApprovedAt?: Date | null;

  @Field({ description: 'When it was approved in full, rejected or withdrawn; not before requestedAt.' })
  decidedAt: Date;

  @Field(() => HistoricalOutcome)
  outcome: HistoricalOutcome;

  @Field(() => Date, {
    nullable: true,
    description: 'Required for COMPLETED (not before decidedAt), refused otherwise.',
  })
  liveAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Required for REJECTED, refused otherwise. At most 500 characters.',
  })
  rejectionReason?: string | null;
}

@InputType()
export class HistoricalVersionInput {
  @Field(() => Int, { description: 'The version’s number on the source; each once per model.' })
  version: number;

  @Field({ description: 'Not before the model’s registeredAt.' })
  registeredAt: Date;

  @Field(() => [HistoricalPromotionInput], { nullable: true, description: 'At most 20.' })
  promotions?: HistoricalPromotionInput[] | null;
}

@InputType({ description: 'A model as the source registry knew it, with its versions.' })
export class HistoricalModelInput {
  @Field({ description: 'The slug of a team in Cairn that the history belongs to.' })
  team: string;

  @Field({ description: 'Its name on the source. Counted, never shown.' })
  name: string;

  @Field(() => Visibility, {
    nullable: true,
    description:
      'INTERNAL if omitted. PRIVATE: its rejection reasons are shown only to its team, platform admins and auditors.',
  })
  visibility?: Visibility | null;

  @Field({ description: 'A model imported again keeps the registration time of its first import.' })
  registeredAt: Date;

  @Field(() => [HistoricalVersionInput])
  versions: HistoricalVersionInput[];
}

@ObjectType({ description: 'One import of history from before Cairn: a record that is never rewritten.' })
export class InsightsHistoryImport {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The system the history came from, as the importer named it.' })
  source: string;

  @Field()
  importedBy: string;

  @Field()
  importedAt: Date;

  @Field(() => Int)
  models: number;

  @Field(() => Int)
  versions: number;

  @Field(() => Int)
  promotions: number;

  @Field({ description: 'The earliest time in the imported history.' })
  earliest: Date;

  @Field({ description: 'The latest time in the imported history.' })
  latest: Date;
}

@ObjectType({ description: 'What a history would import: checked like an import, and nothing written.' })
export class InsightsHistoryCheck {
  @Field(() => Int)
  models: number;

  @Field(() => Int)
  versions: number;

  @Field(() => Int)
  promotions: number;

  @Field({ description: 'The earliest time in the history.' })
  earliest: Date;

  @Field({ description: 'The latest time in the history.' })
  latest: Date;
}
