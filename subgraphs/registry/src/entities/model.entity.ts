import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Visibility } from './visibility';

@ObjectType({ description: 'A registered model: a named line of immutable versions owned by a team.' })
@Directive('@key(fields: "id")')
@Entity({ name: 'model' })
export class Model {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  teamId: string;

  @Field({ description: 'Unique within its team, case-insensitively.' })
  @Column()
  name: string;

  @Field()
  @Column({ default: '' })
  description: string;

  @Field(() => String, { nullable: true, description: 'What the model does, e.g. `classification`.' })
  @Column('text', { nullable: true })
  task: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. `pytorch`, `xgboost`.' })
  @Column('text', { nullable: true })
  framework: string | null;

  @Field(() => String, { nullable: true, description: 'SPDX identifier or free text.' })
  @Column('text', { nullable: true })
  license: string | null;

  @Field(() => [String])
  @Column('text', { array: true, default: () => "'{}'" })
  tags: string[];

  @Field(() => Visibility, { description: 'Who may see the model; callers who may not get NOT_FOUND.' })
  @Column('text')
  visibility: Visibility;

  @Field(() => Int, { description: 'How many versions the model has; the latest version’s number.' })
  @Column('int', { default: 0 })
  versionCount: number;

  @Field()
  @Column()
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Set while the model is archived; exposed as `Model.archive`. */
  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;

  @Column('text', { nullable: true })
  archivedBy: string | null;

  @Column('text', { nullable: true })
  archiveReason: string | null;
}
