import { createSubgraphDataSource } from '@cairn/database';
import { governanceEvents, TypedEventLog } from '@cairn/events';
import type { DataSource } from 'typeorm';
import { ModelVersionStage } from './entities/model-version-stage.entity';
import { StageTransition } from './entities/stage-transition.entity';
import { CreateGovernanceStages1763942400000 } from './migrations/1763942400000-create-governance-stages';

export const GOVERNANCE_SCHEMA = governanceEvents.schema;

/** Governance's event log; stage changes are published here for audit, search and webhooks. */
export const governanceEventLog = new TypedEventLog(governanceEvents);

export function createGovernanceDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({
    url,
    schema: GOVERNANCE_SCHEMA,
    entities: [ModelVersionStage, StageTransition],
    migrations: [CreateGovernanceStages1763942400000],
    poolSize,
    applicationName: 'cairn-governance',
  });
}
