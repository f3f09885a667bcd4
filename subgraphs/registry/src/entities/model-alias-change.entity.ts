import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const ALIAS_ACTIONS = ['SET', 'MOVE', 'DELETE', 'ROLLBACK', 'PROTECT', 'UNPROTECT'] as const;
export type AliasAction = (typeof ALIAS_ACTIONS)[number];
export const AliasAction = Object.fromEntries(ALIAS_ACTIONS.map((a) => [a, a])) as {
  [A in AliasAction]: A;
};

registerEnumType(AliasAction, {
  name: 'AliasAction',
  description: 'What one change did to an alias.',
  valuesConfig: {
    SET: { description: 'Created it, pointing at `toVersion`.' },
    MOVE: { description: 'Pointed it from `fromVersion` to `toVersion`.' },
    DELETE: { description: 'Removed it; it pointed at `fromVersion`.' },
    ROLLBACK: { description: 'Pointed it back at the version before its last change of target.' },
    PROTECT: { description: 'Made it protected: only maintainers change it from now on.' },
    UNPROTECT: { description: 'Lifted the protection.' },
  },
});

@ObjectType({ description: 'One entry of an alias’s append-only history.' })
@Entity({ name: 'model_alias_history' })
export class ModelAliasChange {
  /** A bigint: Postgres hands it over as a string, which is also how the API shows it. */
  @Field(() => ID)
  @PrimaryColumn('bigint')
  id: string;

  @Column('uuid')
  modelId: string;

  @Field({ description: 'The alias’s name.' })
  @Column('text')
  alias: string;

  @Field(() => AliasAction)
  @Column('text')
  action: AliasAction;

  @Column('uuid', { nullable: true })
  fromVersionId: string | null;

  @Column('uuid', { nullable: true })
  toVersionId: string | null;

  @Field()
  @Column('text')
  actor: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  reason: string | null;

  @Field()
  @Column('timestamptz')
  at: Date;
}
