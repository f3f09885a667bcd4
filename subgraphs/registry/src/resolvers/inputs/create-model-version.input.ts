import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { createModelVersionRules } from '../../services/catalog-rules';

@InputType({
  description: 'A file of the new version: its path and the digest of an artifact uploaded for this model.',
})
export class ModelVersionFileInput {
  @Field({ description: 'Relative POSIX path, e.g. `weights/model.safetensors`.' })
  path: string;

  @Field({ description: '`sha256:<hex>`, as `completeArtifactUpload` answered.' })
  sha256: string;
}

@InputType()
export class CreateModelVersionInput {
  static readonly schema = createModelVersionRules;

  @Field(() => ID)
  modelId: string;

  @Field(() => GraphQLJSONObject, { nullable: true })
  hyperparameters?: Record<string, unknown> | null;

  @Field(() => [ModelVersionFileInput], { nullable: true, description: 'At most 10,000 files.' })
  files?: ModelVersionFileInput[] | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      '`{ code: { repositoryUrl, commit }, containerImage: { digest }, dependencies: { lockFileDigest, packages }, datasets: [{ uri | name, sha256 }], hyperparameters, seed, environment: { runtimes, accelerator, hardware } }`; every part optional, unknown keys refused.',
  })
  provenance?: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'The model card: `{ intendedUse, outOfScopeUses, businessUseCases, assumptions, limitations, ethicalConsiderations, evaluationSummary, owners: [{ name, email, team }] }` (Markdown sections).',
  })
  card?: Record<string, unknown> | null;
}
