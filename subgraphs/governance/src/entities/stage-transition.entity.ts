import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Stage } from './stage';

@ObjectType({ description: 'One recorded move of a model version from one stage to the next.' })
@Entity({ name: 'stage_transition' })
export class StageTransition {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  modelVersionId: string;

  @Field(() => Stage, { name: 'from' })
  @Column('text')
  fromStage: Stage;

  @Field(() => Stage, { name: 'to' })
  @Column('text')
  toStage: Stage;

  @Field(() => String, { nullable: true, description: 'Why the caller moved the version, if they said.' })
  @Column('text', { nullable: true })
  reason: string | null;

  @Field({ description: 'Who moved the version.' })
  @Column('text')
  actor: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;
}
