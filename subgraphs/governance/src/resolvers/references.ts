import { visibleVersionReference } from '@cairn/subgraph-kit';

/** How the gateway resolves entities governance contributes fields to (a version that never moved is DEVELOPMENT). */
export const governanceReferences = { ModelVersion: visibleVersionReference };
