import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Visibility } from './visibility';

@ObjectType({ description: 'A group that owns models. Membership comes from the caller’s identity token.' })
@Directive('@key(fields: "id")')
@Entity({ name: 'team' })
export class Team {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Stable, URL-safe identifier, e.g. `fraud-detection`.' })
  @Column({ unique: true })
  slug: string;

  @Field()
  @Column()
  name: string;

  @Field(() => Visibility, { description: 'What a model registered in the team without a visibility gets.' })
  @Column('text', { default: 'INTERNAL' })
  defaultVisibility: Visibility;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
