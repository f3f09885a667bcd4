import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import { ModelVersion } from '../entities/model-version.entity';
import { ImportModelVersionInput } from './inputs/import-model-version.input';

@Authorized()
@Resolver(() => ModelVersion)
export class ModelVersionImportResolver {
  @Mutation(() => ModelVersion, {
    description:
      'Creates the next version of a model from a bundle exported by another Cairn instance (`GET /artifacts/versions/<id>/bundle`), after its files were uploaded for the model. Every digest is checked again; `importedFrom` keeps the original identity.',
  })
  importModelVersion(
    @Arg('input') input: ImportModelVersionInput,
    @Ctx() ctx: RegistryContext,
  ): Promise<ModelVersion> {
    return ctx.services.imports.import(ctx.principal, input);
  }
}
