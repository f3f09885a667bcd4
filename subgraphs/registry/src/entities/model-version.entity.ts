import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ImportedFrom, type ImportedFromRecord } from './imported-from.type';

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

  @Field(() => GraphQLJSONObject, {
    description:
      'Where the version came from: code reference, container image, dependencies, input datasets, hyperparameters, seed and environment. `provenanceCompleteness` says what is missing.',
  })
  @Column('jsonb', { default: () => "'{}'::jsonb" })
  provenance: Record<string, unknown>;

  /** The model card as registered with this version; exposed as `ModelVersion.card`. */
  @Column('jsonb', { nullable: true })
  card: Record<string, unknown> | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The canonical manifest (RFC 8785 JSON): model, version, every file with its path, sha256 and size, provenance and card. Null for versions registered before manifests existed.',
  })
  @Column('text', { nullable: true })
  manifest: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      '`sha256:` of the manifest’s UTF-8 bytes: what a signature covers and a download is checked against.',
  })
  @Column('text', { nullable: true })
  manifestDigest: string | null;

  @Field(() => ImportedFrom, {
    nullable: true,
    description: 'Set when the version was imported from another Cairn instance (`importModelVersion`).',
  })
  @Column('jsonb', { nullable: true })
  importedFrom: ImportedFromRecord | null;

  /** The Sigstore bundle (OpenSSF model-signing format); exposed as `signature`. */
  @Column('jsonb', { nullable: true })
  signature: Record<string, unknown> | null;

  @Column('text', { nullable: true })
  signatureKeyId: string | null;

  @Column('text', { nullable: true })
  signaturePublicKey: string | null;

  @Field()
  @Column()
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
