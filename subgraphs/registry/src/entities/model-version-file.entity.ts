import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'One file of a version, by its relative POSIX path.' })
@Entity({ name: 'model_version_file' })
export class ModelVersionFile {
  @PrimaryColumn('uuid')
  modelVersionId: string;

  @Field({ description: 'Relative POSIX path inside the version, e.g. `weights/model.safetensors`.' })
  @PrimaryColumn('text')
  path: string;

  @Field({ description: '`sha256:<hex>` of the whole file; also its download ETag.' })
  @Column('text')
  digest: string;

  @Field(() => GraphQLSafeInt, { description: 'Bytes.' })
  @Column('bigint', { transformer: { from: (v: string) => Number(v), to: (v: number) => v } })
  size: number;
}
