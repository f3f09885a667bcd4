import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'One version of a dataset, identified by its URI and content checksum.' })
@Entity({ name: 'dataset' })
export class Dataset {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'The name given when this version was first recorded.' })
  @Column()
  name: string;

  @Field({ description: 'Where the data lives, e.g. `s3://bucket/path/`.' })
  @Column()
  uri: string;

  @Field({ description: '`<algorithm>:<lowercase hex>`, e.g. `sha256:9f86…`.' })
  @Column()
  checksum: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @Column()
  createdBy: string;
}
