import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'The training that produced a model version: code, parameters and input data.' })
@Entity({ name: 'training_run' })
export class TrainingRun {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'The code that ran, e.g. `git+https://git.example.com/team/repo@<sha>`.' })
  @Column()
  codeRef: string;

  @Field(() => GraphQLJSONObject)
  @Column('jsonb', { default: () => "'{}'::jsonb" })
  parameters: Record<string, unknown>;

  @Field(() => ID)
  @Column('uuid')
  modelVersionId: string;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @Field()
  @Column()
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
