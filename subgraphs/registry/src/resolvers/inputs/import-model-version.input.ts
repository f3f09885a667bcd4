import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { importModelVersionRules } from '../../services/import-rules';

@InputType({ description: 'Who the version was on the instance that exported it, as its bundle says.' })
export class ImportedFromInput {
  @Field({ description: 'The exporting instance, e.g. its API URL.' })
  instance: string;

  @Field({ description: 'The version’s id there (`cairn-bundle.json` `source.versionId`).' })
  versionId: string;

  @Field({
    description:
      'The manifest digest there (`source.manifestDigest`); must be the digest of `bundleManifest`.',
  })
  manifestDigest: string;

  @Field(() => Date)
  exportedAt: Date;
}

@InputType()
export class ImportModelVersionInput {
  static readonly schema = importModelVersionRules;

  @Field(() => ID, { description: 'The model of the caller’s team that receives the version.' })
  modelId: string;

  @Field({
    description:
      'The version’s manifest from the bundle (`version.manifest`), verbatim. Its files must have been uploaded for the model first; its provenance and card become the new version’s.',
  })
  bundleManifest: string;

  @Field(() => GraphQLJSONObject, { nullable: true })
  hyperparameters?: Record<string, unknown> | null;

  @Field(() => ImportedFromInput)
  importedFrom: ImportedFromInput;
}
