import { ModelDirectory } from '@cairn/model-directory';
import type { BaseContext } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import { GOVERNANCE_SCHEMA } from './data-source';
import type { GovernanceLoaders } from './loaders/governance-loaders';
import { StageTransitionService } from './services/stage-transition.service';

export function createGovernanceServices(dataSource: DataSource) {
  return {
    transitions: new StageTransitionService(dataSource, new ModelDirectory(dataSource, GOVERNANCE_SCHEMA)),
  };
}
export type GovernanceServices = ReturnType<typeof createGovernanceServices>;

export interface GovernanceContext extends BaseContext {
  services: GovernanceServices;
  loaders: GovernanceLoaders;
}
