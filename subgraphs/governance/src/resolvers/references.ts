import type { ModelVersion } from './model-version.type';

/** How the gateway resolves entities governance contributes fields to. */
export const governanceReferences = {
  ModelVersion: {
    // No lookup: the registry owns the entity and answers for its existence; governance's fields
    // are defined for any id (a version that never moved is DEVELOPMENT with no history).
    __resolveReference: (ref: { id: string }): ModelVersion => ({ id: ref.id }),
  },
};
