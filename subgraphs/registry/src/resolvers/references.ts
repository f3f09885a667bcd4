import type { RegistryContext } from '../context';

/** How the gateway resolves registry entities referenced from other subgraphs. */
export const registryReferences = {
  Team: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.teamById.load(ref.id),
  },
  Model: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.modelById.load(ref.id),
  },
  ModelVersion: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.versionById.load(ref.id),
  },
  VersionComparison: {
    __resolveReference: (ref: { versionIds: string[]; onlyDifferences: boolean }, ctx: RegistryContext) =>
      ctx.services.comparisons.compare(ctx.principal, ref.versionIds, ref.onlyDifferences),
  },
};
