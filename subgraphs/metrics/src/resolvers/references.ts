import { visibleVersionReference } from '@cairn/subgraph-kit';

/** How the gateway resolves entities metrics contributes fields to: NOT_FOUND for a version the caller may not see. */
export const metricsReferences = {
  ModelVersion: visibleVersionReference,
  // The key is all `metrics` needs; its field resolver checks visibility.
  VersionComparison: {
    __resolveReference: (ref: { versionIds: string[]; onlyDifferences: boolean }) => ref,
  },
};
