import type { SubgraphName } from '@cairn/config';
import { governanceSubgraph } from '@cairn/governance';
import { lineageSubgraph } from '@cairn/lineage';
import { metricsSubgraph } from '@cairn/metrics';
import { registrySubgraph } from '@cairn/registry';
import type { BaseContext, SubgraphModule } from '@cairn/subgraph-kit';

/** The four subgraphs, registry first: the others consume its event log. */
export const SUBGRAPHS: Record<SubgraphName, SubgraphModule<BaseContext>> = {
  registry: registrySubgraph as unknown as SubgraphModule<BaseContext>,
  lineage: lineageSubgraph as unknown as SubgraphModule<BaseContext>,
  governance: governanceSubgraph as unknown as SubgraphModule<BaseContext>,
  metrics: metricsSubgraph as unknown as SubgraphModule<BaseContext>,
};
