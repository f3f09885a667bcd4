import { Field, Int, ObjectType } from 'type-graphql';

/** Stored as `model_version.imported_from` (jsonb); `exportedAt` is kept as its ISO string. */
export interface ImportedFromRecord {
  instance: string;
  versionId: string;
  version: number;
  team: string;
  model: string;
  manifestDigest: string;
  exportedAt: string;
}

@ObjectType({
  description:
    'The identity an imported version had on the instance it was exported from. Its files and provenance are the same; its manifest here names this model and number, so its digest differs from `manifestDigest`.',
})
export class ImportedFrom implements Omit<ImportedFromRecord, 'exportedAt'> {
  @Field({ description: 'The exporting Cairn instance, as the importer named it.' })
  instance: string;

  @Field({ description: 'The version’s id there.' })
  versionId: string;

  @Field(() => Int, { description: 'The version’s number there.' })
  version: number;

  @Field({ description: 'The owning team’s slug there.' })
  team: string;

  @Field({ description: 'The model’s name there.' })
  model: string;

  @Field({ description: 'The digest of the manifest the version had there; re-checked on import.' })
  manifestDigest: string;

  @Field(() => Date)
  exportedAt: string;
}
