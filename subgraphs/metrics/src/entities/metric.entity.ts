import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'One logged value of an evaluation metric for a model version.' })
@Entity({ name: 'metric' })
export class Metric {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  modelVersionId: string;

  @Field({ description: 'e.g. `auc`, `f1`, `latency_p99_ms`.' })
  @Column()
  name: string;

  @Field(() => Float)
  @Column('double precision')
  value: number;

  @Field(() => String, { nullable: true, description: 'The evaluation dataset or slice, e.g. `holdout`.' })
  @Column('text', { nullable: true })
  dataset: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  loggedAt: Date;

  @Field()
  @Column()
  loggedBy: string;
}
