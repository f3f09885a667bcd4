import type { ModelVersion } from './model-version.type';

/** How the gateway resolves entities lineage contributes fields to. */
export const lineageReferences = {
  ModelVersion: {
    // No lookup: the registry answers for the version's existence, and lineage's fields are
    // defined for any id (a version with no recorded run has empty lineage).
    __resolveReference: (ref: { id: string }): ModelVersion => ({ id: ref.id }),
  },
};
