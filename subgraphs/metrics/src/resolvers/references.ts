import type { ModelVersion } from './model-version.type';

/** How the gateway resolves entities the metrics subgraph contributes fields to. */
export const metricsReferences = {
  ModelVersion: {
    // No lookup: the registry answers for the version's existence, and metric fields are
    // defined for any id (a version nobody evaluated has no metrics).
    __resolveReference: (ref: { id: string }): ModelVersion => ({ id: ref.id }),
  },
};
