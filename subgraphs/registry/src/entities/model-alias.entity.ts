import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({
  description:
    'A named pointer to one version of a model, e.g. `champion`. Moving it is recorded in `aliasHistory`.',
})
@Entity({ name: 'model_alias' })
export class ModelAlias {
  @PrimaryColumn('uuid')
  modelId: string;

  @Field({ description: 'Lower-case letters, digits and "-", starting with a letter; unique per model.' })
  @PrimaryColumn('text')
  name: string;

  @Column('uuid')
  modelVersionId: string;

  @Field({ description: 'Only maintainers of the model’s team move, delete or roll back a protected alias.' })
  @Column('boolean', { default: false })
  protected: boolean;

  @Field()
  @Column('text')
  createdBy: string;

  @Field()
  @Column('timestamptz')
  createdAt: Date;

  @Field({ description: 'Who changed it last (target or protection).' })
  @Column('text')
  updatedBy: string;

  @Field()
  @Column('timestamptz')
  updatedAt: Date;
}
