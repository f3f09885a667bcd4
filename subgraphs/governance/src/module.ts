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
  wire(dataSource) {
    // One directory serves the services and, as a background consumer, keeps itself current.
    const directory = new ModelDirectory(dataSource, GOVERNANCE_SCHEMA);
    const services = createGovernanceServices(dataSource, directory);
    return {
      createContext: (base) => ({ ...base, services, loaders: createGovernanceLoaders(dataSource) }),
      consumers: [directory.consumer],
    };
  },
};
