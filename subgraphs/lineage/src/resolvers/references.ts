import { visibleVersionReference } from '@cairn/subgraph-kit';

/** How the gateway resolves entities lineage contributes fields to (a run-less version has empty lineage). */
export const lineageReferences = { ModelVersion: visibleVersionReference };
