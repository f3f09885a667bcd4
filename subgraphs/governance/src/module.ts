import { type SubgraphModule, subgraphWithModelDirectory } from '@cairn/subgraph-kit';
import { createGovernanceServices, type GovernanceContext } from './context';
import { createGovernanceDataSource, GOVERNANCE_SCHEMA } from './data-source';
import { createGovernanceLoaders } from './loaders/governance-loaders';
import { buildGovernanceSchema } from './schema';
import { withTeamDirectory } from './services/access/access-services';

export const governanceSubgraph: SubgraphModule<GovernanceContext> = withTeamDirectory(
  subgraphWithModelDirectory({
    name: 'governance',
    schema: GOVERNANCE_SCHEMA,
    createDataSource: createGovernanceDataSource,
    buildSchema: buildGovernanceSchema,
    createServices: createGovernanceServices,
    createLoaders: createGovernanceLoaders,
  }),
);
