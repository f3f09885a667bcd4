import type { ModelDirectory, VisibleVersions } from '@cairn/model-directory';
import type { BaseContext } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import type { GovernanceLoaders } from './loaders/governance-loaders';
import { createAccessServices } from './services/access/access-services';
import { StageTransitionService } from './services/stage-transition.service';
import { createTrustServices } from './services/trust-services';

export function createGovernanceServices(dataSource: DataSource, directory: ModelDirectory) {
  return {
    transitions: new StageTransitionService(dataSource, directory),
    ...createAccessServices(dataSource),
    ...createTrustServices(dataSource, directory),
  };
}
export type GovernanceServices = ReturnType<typeof createGovernanceServices>;

export interface GovernanceContext extends BaseContext {
  services: GovernanceServices;
  visibleVersions: VisibleVersions;
  loaders: GovernanceLoaders;
}
