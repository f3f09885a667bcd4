import { ModelDirectory } from '@cairn/model-directory';
import type { SubgraphModule } from '@cairn/subgraph-kit';
import { createGovernanceServices, type GovernanceContext } from './context';
import { createGovernanceDataSource, GOVERNANCE_SCHEMA } from './data-source';
import { createGovernanceLoaders } from './loaders/governance-loaders';
import { buildGovernanceSchema } from './schema';

export const governanceSubgraph: SubgraphModule<GovernanceContext> = {
  name: 'governance',
  createDataSource: createGovernanceDataSource,
  buildSchema: buildGovernanceSchema,
  createContextFactory(dataSource) {
    const services = createGovernanceServices(dataSource);
    return (base) => ({ ...base, services, loaders: createGovernanceLoaders(dataSource) });
  },
  createConsumers: (dataSource) => [new ModelDirectory(dataSource, GOVERNANCE_SCHEMA).consumer],
};
