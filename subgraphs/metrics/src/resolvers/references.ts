import { visibleVersionReference } from '@cairn/subgraph-kit';

/** How the gateway resolves entities the metrics subgraph contributes fields to (an unevaluated version has none). */
export const metricsReferences = { ModelVersion: visibleVersionReference };
