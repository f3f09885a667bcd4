import { Field, ID, InputType } from 'type-graphql';
import { Stage } from '../../entities/stage';
import { MAX_REASON_LENGTH, transitionStageRules } from '../../services/transition-input-rules';

@InputType()
export class TransitionStageInput {
  static readonly schema = transitionStageRules;

  @Field(() => ID)
  modelVersionId: string;

  @Field(() => Stage, { description: 'Must be the stage right after the current one.' })
  to: Stage;

  @Field(() => String, { nullable: true, description: `At most ${MAX_REASON_LENGTH} characters.` })
  reason?: string | null;
}
