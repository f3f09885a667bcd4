import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'One immutable version of a model. Numbered 1, 2, 3… per model, without gaps.' })
@Directive('@key(fields: "id")')
@Entity({ name: 'model_version' })
export class ModelVersion {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  modelId: string;

  @Field(() => Int)
  @Column('int')
  version: number;

  @Field(() => GraphQLJSONObject, { description: 'Free-form training hyperparameters.' })
  @Column('jsonb', { default: () => "'{}'::jsonb" })
  hyperparameters: Record<string, unknown>;

  @Field()
  @Column()
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
