import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { recordTrainingRunRules } from '../../services/lineage-rules';
import { DatasetInput } from './dataset.input';

@InputType()
export class RecordTrainingRunInput {
  static readonly schema = recordTrainingRunRules;

  @Field(() => ID)
  modelVersionId: string;

  @Field({ description: 'e.g. a commit URL or `git+https://…@<sha>`; 1 to 500 characters.' })
  codeRef: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'At most 64 KB as JSON.' })
  parameters?: Record<string, unknown> | null;

  @Field(() => Date, { nullable: true })
  startedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Not before `startedAt`.' })
  finishedAt?: Date | null;

  @Field(() => [DatasetInput], { description: '1 to 100 datasets the run read.' })
  inputDatasets: DatasetInput[];
}
